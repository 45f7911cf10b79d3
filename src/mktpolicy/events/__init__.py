"""Events: what happened, as pydantic models with a `type` discriminator.

The models are listed once, in `mktpolicy.events.registry.EVENT_MODEL_NAMES`; each is imported
when first named here (`from mktpolicy.events import ClientMeal`), so that importing this package,
or `mktpolicy.events.base`, does not create ~75 pydantic models.
"""

import typing as _typing

from mktpolicy.events import registry as _registry
from mktpolicy.events.base import Event as Event
from mktpolicy.events.base import Money as Money
from mktpolicy.events.base import Month as Month

if _typing.TYPE_CHECKING:
    # Type checkers do not run the module `__getattr__` below: they see the models here. A star
    # import per module names no model a second time (the registry's list stays the only one).
    from mktpolicy.events.models.approvals import *  # noqa: F403
    from mktpolicy.events.models.assessment import *  # noqa: F403
    from mktpolicy.events.models.conduct import *  # noqa: F403
    from mktpolicy.events.models.conflicts import *  # noqa: F403
    from mktpolicy.events.models.documents import *  # noqa: F403
    from mktpolicy.events.models.duties import *  # noqa: F403
    from mktpolicy.events.models.leaving import *  # noqa: F403
    from mktpolicy.events.models.operations import *  # noqa: F403
    from mktpolicy.events.models.performance import *  # noqa: F403
    from mktpolicy.events.models.procedures import *  # noqa: F403
    from mktpolicy.events.models.reports import *  # noqa: F403
    from mktpolicy.events.registry import BY_NAME as BY_NAME
    from mktpolicy.events.registry import BY_TYPE as BY_TYPE
    from mktpolicy.events.registry import EVENT_MODELS as EVENT_MODELS
    from mktpolicy.events.registry import AnyEvent as AnyEvent
else:

    def __getattr__(name: str) -> object:
        """An event model, or one of the registry's tables, imported on first use."""
        if name in _registry.ALL_MODELS:
            value: object = getattr(_registry, name)
        else:
            value = _registry.model_named(name)
            if value is None:
                raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))


__all__ = sorted(  # built from the registry's list, not written out again
    ["Event", "Money", "Month", *_registry.ALL_MODELS, *_registry.MODEL_NAMES]
)
