"""What-if errors: a reform that does not fit, and an optional package that is missing.

pandas and matplotlib are optional: `import mktpolicy` must keep working on a plain install, so
they are imported only when a table or a plot is asked for, and the first call that needs one
says which extra to install.
"""

from __future__ import annotations

from mktpolicy.errors import CompileError, PolicyError

INSTALL_HINT = "pip install 'mktpolicy[whatif]'"


class ReformError(CompileError):
    """A reform that does not fit the policy: an unknown rule or parameter, a value of the wrong
    type, a disabled rule other rules still need, or rule files that cannot be found."""


class MissingExtraError(PolicyError, ImportError):
    """A what-if feature needs a package that is not installed (pandas or matplotlib).

    Also an ImportError, so code that already guards optional imports keeps working.
    """


def missing(package: str, feature: str) -> MissingExtraError:
    """The error to raise (from the ImportError) when `feature` cannot import `package`."""
    return MissingExtraError(f"{feature} needs {package}, which is not installed: {INSTALL_HINT}")
