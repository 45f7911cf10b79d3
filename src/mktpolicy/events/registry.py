"""Every event model, by class name and by `type`, and the validator for all of them at once.

`EVENT_MODULES` is the one list of event models; `mktpolicy.events` exports what it names. A
model's `type` is its class name in snake_case (`ClientMeal` is `client_meal`; tests check), so
the list says which module holds each type without importing any. Importing this module imports
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

EVENT_MODULES: dict[str, tuple[str, ...]] = {
    "approvals": (
        "AuthorityDecision",
        "MarketActivity",
        "ProcessChange",
        "PromotionDistribution",
        "PromotionPlan",
        "ResearchPlan",
        "ServiceRequest",
    ),
    "assessment": (
        "Appeal",
        "AssessmentResult",
        "Probation",
    ),
    "conduct": (
        "ClientMeal",
        "ComputerUse",
        "CustomerMeeting",
        "DepartmentInstruction",
        "FieldDay",
        "LeaveTaken",
        "PhoneCall",
        "TrainingAttendance",
        "TripDay",
        "WorkDifficulty",
    ),
    "conflicts": (
        "PersonalInvestment",
        "SideJob",
    ),
    "documents": (
        "CashSale",
        "CompanyNameUse",
        "ContractBorrowed",
        "ContractUse",
        "DealSigned",
        "DocumentFiling",
        "DocumentKept",
        "FieldReport",
        "FirstOrder",
        "GoodsReturn",
        "LedgerReconciliation",
        "MouldSample",
        "SecretDisclosed",
        "Shipment",
        "TransferSlip",
        "WorkProblem",
    ),
    "duties": (
        "MajorContract",
        "PlanCompletion",
        "Receivable",
        "ScheduledVisit",
        "SubordinateAssessment",
    ),
    "leaving": (
        "Departure",
        "Resignation",
    ),
    "operations": (
        "BeyondAuthorityAct",
        "CollectionTask",
        "CustomerClaim",
        "CustomerDataTaken",
        "CustomerDeduction",
        "CustomerForm",
        "CustomerLost",
        "CustomerPromise",
        "CustomerQuarrel",
        "CustomerStatement",
        "CustomerVisit",
        "InterestedCustomer",
        "OrderCheck",
        "PaymentPostponed",
        "ReceivablesSummary",
        "ReturnVisit",
        "StorageBilling",
        "VisitRequest",
    ),
    "performance": ("MonthlyResult",),
    "procedures": (
        "AfterSalesJob",
        "CustomerSurvey",
        "PublicityMaterial",
        "TrainingCourse",
    ),
    "reports": (
        "AnnualSummary",
        "CollectionReport",
        "MonthlyReport",
        "SalesActivity",
        "SalesPlan",
        "SalesReport",
        "WorkSummary",
    ),
}
"""Module of `mktpolicy.events.models` → the event models it defines, by class name."""

_MODULE_OF = {name: module for module, names in EVENT_MODULES.items() for name in names}


def type_tag(name: str) -> str:
    """The `type` of the event model named `name`: `ClientMeal` → `client_meal`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


_NAME_OF_TYPE = {type_tag(name): name for name in _MODULE_OF}
EVENT_TYPES: tuple[str, ...] = tuple(sorted(_NAME_OF_TYPE))
"""Every event `type`, sorted (for messages that list them)."""
MODEL_NAMES: tuple[str, ...] = tuple(sorted(_MODULE_OF))
"""Every event model's class name, sorted."""


def model_named(name: str) -> type[Event] | None:
    """The event model called `name` (None if there is none), imported."""
    module = _MODULE_OF.get(name)
    if module is None:
        return None
    model: type[Event] = getattr(importlib.import_module(f"mktpolicy.events.models.{module}"), name)
    return model


def model_for_type(tag: str) -> type[Event] | None:
    """The event model whose `type` is `tag` (None if there is none), imported."""
    name = _NAME_OF_TYPE.get(tag)
    return None if name is None else model_named(name)


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
