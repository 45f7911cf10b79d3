"""Every event model, by class name and by `type`, and the validator for all of them at once.

`EVENT_MODEL_NAMES` is the one list of event models; `mktpolicy.events` exports what it names.
A model's `type` is its class name in snake_case (`ClientMeal` is `client_meal`; tests check),
so the list says which module holds each type without importing any. Importing this module imports
no model, and a model builds its validator when first used (mktpolicy.deferred): reading a file
of six types builds six validators (`model_for_type`), which is what `mktpolicy check` pays at
start-up. `EVENT_MODELS`, `BY_NAME`, `BY_TYPE` and `AnyEvent` import every model on first use;
`event_adapter()` builds them all.
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import Field, TypeAdapter

from mktpolicy.events.base import Event

EVENT_MODEL_NAMES: tuple[tuple[str, str], ...] = (
    ("AfterSalesJob", "procedures"),
    ("AnnualSummary", "reports"),
    ("Appeal", "assessment"),
    ("AssessmentResult", "assessment"),
    ("AuthorityDecision", "approvals"),
    ("BeyondAuthorityAct", "operations"),
    ("CashSale", "documents"),
    ("ClientMeal", "conduct"),
    ("CollectionReport", "reports"),
    ("CollectionTask", "operations"),
    ("CompanyNameUse", "documents"),
    ("ComputerUse", "conduct"),
    ("ContractBorrowed", "documents"),
    ("ContractUse", "documents"),
    ("CustomerClaim", "operations"),
    ("CustomerDataTaken", "operations"),
    ("CustomerDeduction", "operations"),
    ("CustomerForm", "operations"),
    ("CustomerLost", "operations"),
    ("CustomerMeeting", "conduct"),
    ("CustomerPromise", "operations"),
    ("CustomerQuarrel", "operations"),
    ("CustomerStatement", "operations"),
    ("CustomerSurvey", "procedures"),
    ("CustomerVisit", "operations"),
    ("DealSigned", "documents"),
    ("DepartmentInstruction", "conduct"),
    ("Departure", "leaving"),
    ("DocumentFiling", "documents"),
    ("DocumentKept", "documents"),
    ("FieldDay", "conduct"),
    ("FieldReport", "documents"),
    ("FirstOrder", "documents"),
    ("GoodsReturn", "documents"),
    ("InterestedCustomer", "operations"),
    ("LeaveTaken", "conduct"),
    ("LedgerReconciliation", "documents"),
    ("MajorContract", "duties"),
    ("MarketActivity", "approvals"),
    ("MonthlyReport", "reports"),
    ("MonthlyResult", "performance"),
    ("MouldSample", "documents"),
    ("OrderCheck", "operations"),
    ("PaymentPostponed", "operations"),
    ("PersonalInvestment", "conflicts"),
    ("PhoneCall", "conduct"),
    ("PlanCompletion", "duties"),
    ("Probation", "assessment"),
    ("ProcessChange", "approvals"),
    ("PromotionDistribution", "approvals"),
    ("PromotionPlan", "approvals"),
    ("PublicityMaterial", "procedures"),
    ("Receivable", "duties"),
    ("ReceivablesSummary", "operations"),
    ("ResearchPlan", "approvals"),
    ("Resignation", "leaving"),
    ("ReturnVisit", "operations"),
    ("SalesActivity", "reports"),
    ("SalesPlan", "reports"),
    ("SalesReport", "reports"),
    ("ScheduledVisit", "duties"),
    ("SecretDisclosed", "documents"),
    ("ServiceRequest", "approvals"),
    ("Shipment", "documents"),
    ("SideJob", "conflicts"),
    ("StorageBilling", "operations"),
    ("SubordinateAssessment", "duties"),
    ("TrainingAttendance", "conduct"),
    ("TrainingCourse", "procedures"),
    ("TransferSlip", "documents"),
    ("TripDay", "conduct"),
    ("VisitRequest", "operations"),
    ("WorkProblem", "documents"),
    ("WorkDifficulty", "conduct"),
    ("WorkSummary", "reports"),
)
"""(class name, module of `mktpolicy.events.models`) of every event model, in the order of
`EVENT_MODELS`. The order seeds `mktpolicy.population` (its events, hence the what-if notebook's
figures): a new model goes in its alphabetical place, as before; WorkProblem stays before
WorkDifficulty, where the seeded populations have had it."""

_MODULE_OF = dict(EVENT_MODEL_NAMES)
EVENT_MODULES: frozenset[str] = frozenset(_MODULE_OF.values())
"""The modules of `mktpolicy.events.models` that define event models."""


def type_tag(name: str) -> str:
    """The `type` of the event model named `name`: `ClientMeal` → `client_meal`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


_NAME_OF_TYPE = {type_tag(name): name for name in _MODULE_OF}
EVENT_TYPES: tuple[str, ...] = tuple(sorted(_NAME_OF_TYPE))
"""Every event `type`, sorted (for messages that list them)."""
MODEL_NAMES: tuple[str, ...] = tuple(_MODULE_OF)
"""Every event model's class name, in the list's order."""


def model_named(name: str) -> type[Event] | None:
    """The event model called `name` (None if there is none), imported."""
    module = _MODULE_OF.get(name)
    if module is None:
        return None
    model: type[Event] = getattr(importlib.import_module(f"mktpolicy.events.models.{module}"), name)
    return model


_BY_TYPE_SEEN: dict[str, type[Event]] = {}  # the reader asks once per event: no import machinery


def model_for_type(tag: str) -> type[Event] | None:
    """The event model whose `type` is `tag` (None if there is none), imported."""
    model = _BY_TYPE_SEEN.get(tag)
    if model is None:
        name = _NAME_OF_TYPE.get(tag)
        model = None if name is None else model_named(name)
        if model is not None:
            _BY_TYPE_SEEN[tag] = model
    return model


ALL_MODELS = ("EVENT_MODELS", "BY_NAME", "BY_TYPE", "AnyEvent")
"""The names that import every model (module attributes, computed on first use)."""

if TYPE_CHECKING:
    EVENT_MODELS: tuple[type[Event], ...]
    BY_NAME: dict[str, type[Event]]
    BY_TYPE: dict[str, type[Event]]
    AnyEvent: Any
else:

    def __getattr__(name: str) -> object:
        """`EVENT_MODELS`, `BY_NAME`, `BY_TYPE`, `AnyEvent`: every model, imported on first use."""
        if name not in ALL_MODELS:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        return _every_model()[name]


@cache
def _every_model() -> dict[str, Any]:
    models = tuple(model for name in MODEL_NAMES if (model := model_named(name)) is not None)
    every: dict[str, Any] = {
        "EVENT_MODELS": models,
        "BY_NAME": {model.__name__: model for model in models},
        "BY_TYPE": {type_tag(model.__name__): model for model in models},
        "AnyEvent": Annotated[Union[models], Field(discriminator="type")],  # noqa: UP007
    }
    globals().update(every)
    return every


@cache
def event_adapter() -> TypeAdapter[Any]:
    """One validator for every event type (built once, with every model: ≈ 50 ms)."""
    every = _every_model()
    for model in every["EVENT_MODELS"]:
        model.model_rebuild()  # the union then reuses each model's schema, built once
    return TypeAdapter(every["AnyEvent"])
