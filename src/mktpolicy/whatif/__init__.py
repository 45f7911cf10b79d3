"""What-if analysis: change parameters and rules, re-run last year's events, compare.

>>> import mktpolicy
>>> from mktpolicy import whatif
>>> policy = mktpolicy.load()
>>> reform = whatif.policy_with(policy, {"fines.operation_breach": 20})
>>> event = {"type": "visit_request", "id": "v1", "employee_id": "E1",
...          "requested_on": "2024-03-04", "customer_id": "C1", "refused": True}
>>> [(p.status, p.base.fine, p.reform.fine)
...  for p in whatif.compare(policy, reform, [event]).changed()]
[('changed_fine', Decimal('10'), Decimal('20'))]

Tables and plots need pandas and matplotlib (`pip install 'mktpolicy[whatif]'`); reforms and
comparisons themselves do not.
"""

from mktpolicy.whatif.compare import Comparison, Pair, Totals, compare, match
from mktpolicy.whatif.errors import MissingExtraError, ReformError
from mktpolicy.whatif.frames import COLUMNS, VerdictTable, frame
from mktpolicy.whatif.plot import plot_fines_by_month
from mktpolicy.whatif.reform import (
    Reform,
    load_reform,
    parse_reform,
    policy_with,
    reform_from_data,
    reform_warnings,
)
from mktpolicy.whatif.spec import ReformSpec, RuleChangesSpec

__all__ = [
    "COLUMNS",
    "Comparison",
    "MissingExtraError",
    "Pair",
    "Reform",
    "ReformError",
    "ReformSpec",
    "RuleChangesSpec",
    "Totals",
    "VerdictTable",
    "compare",
    "frame",
    "load_reform",
    "match",
    "parse_reform",
    "plot_fines_by_month",
    "policy_with",
    "reform_from_data",
    "reform_warnings",
]
