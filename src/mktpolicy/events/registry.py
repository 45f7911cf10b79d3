"""Every event model, by class name and by `type`, and the validator for all of them at once."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from mktpolicy.events.base import Event
from mktpolicy.events.field_docs import describe_fields
from mktpolicy.events.models.approvals import (
    AuthorityDecision,
    MarketActivity,
    ProcessChange,
    PromotionDistribution,
    PromotionPlan,
    ResearchPlan,
    ServiceRequest,
)
from mktpolicy.events.models.assessment import Appeal, AssessmentResult, Probation
from mktpolicy.events.models.conduct import (
    ClientMeal,
    ComputerUse,
    CustomerMeeting,
    DepartmentInstruction,
    FieldDay,
    LeaveTaken,
    PhoneCall,
    TrainingAttendance,
    TripDay,
    WorkDifficulty,
)
from mktpolicy.events.models.conflicts import PersonalInvestment, SideJob
from mktpolicy.events.models.documents import (
    CashSale,
    CompanyNameUse,
    ContractBorrowed,
    ContractUse,
    DealSigned,
    DocumentFiling,
    DocumentKept,
    FieldReport,
    FirstOrder,
    GoodsReturn,
    LedgerReconciliation,
    MouldSample,
    SecretDisclosed,
    Shipment,
    TransferSlip,
    WorkProblem,
)
from mktpolicy.events.models.duties import (
    MajorContract,
    PlanCompletion,
    Receivable,
    ScheduledVisit,
    SubordinateAssessment,
)
from mktpolicy.events.models.leaving import Departure, Resignation
from mktpolicy.events.models.operations import (
    BeyondAuthorityAct,
    CollectionTask,
    CustomerClaim,
    CustomerDataTaken,
    CustomerDeduction,
    CustomerForm,
    CustomerLost,
    CustomerPromise,
    CustomerQuarrel,
    CustomerStatement,
    CustomerVisit,
    InterestedCustomer,
    OrderCheck,
    PaymentPostponed,
    ReceivablesSummary,
    ReturnVisit,
    StorageBilling,
    VisitRequest,
)
from mktpolicy.events.models.performance import MonthlyResult
from mktpolicy.events.models.procedures import (
    AfterSalesJob,
    CustomerSurvey,
    PublicityMaterial,
    TrainingCourse,
)
from mktpolicy.events.models.reports import (
    AnnualSummary,
    CollectionReport,
    MonthlyReport,
    SalesActivity,
    SalesPlan,
    SalesReport,
    WorkSummary,
)

EVENT_MODELS: tuple[type[Event], ...] = (
    AfterSalesJob,
    AnnualSummary,
    Appeal,
    AssessmentResult,
    AuthorityDecision,
    BeyondAuthorityAct,
    CashSale,
    ClientMeal,
    CollectionReport,
    CollectionTask,
    CompanyNameUse,
    ComputerUse,
    ContractBorrowed,
    ContractUse,
    CustomerClaim,
    CustomerDataTaken,
    CustomerDeduction,
    CustomerForm,
    CustomerLost,
    CustomerMeeting,
    CustomerPromise,
    CustomerQuarrel,
    CustomerStatement,
    CustomerSurvey,
    CustomerVisit,
    DealSigned,
    DepartmentInstruction,
    Departure,
    DocumentFiling,
    DocumentKept,
    FieldDay,
    FieldReport,
    FirstOrder,
    GoodsReturn,
    InterestedCustomer,
    LeaveTaken,
    LedgerReconciliation,
    MajorContract,
    MarketActivity,
    MonthlyReport,
    MonthlyResult,
    MouldSample,
    OrderCheck,
    PaymentPostponed,
    PersonalInvestment,
    PhoneCall,
    PlanCompletion,
    Probation,
    ProcessChange,
    PromotionDistribution,
    PromotionPlan,
    PublicityMaterial,
    Receivable,
    ReceivablesSummary,
    ResearchPlan,
    Resignation,
    ReturnVisit,
    SalesActivity,
    SalesPlan,
    SalesReport,
    ScheduledVisit,
    SecretDisclosed,
    ServiceRequest,
    Shipment,
    SideJob,
    StorageBilling,
    SubordinateAssessment,
    TrainingAttendance,
    TrainingCourse,
    TransferSlip,
    TripDay,
    VisitRequest,
    WorkProblem,
    WorkDifficulty,
    WorkSummary,
)

# The models wait (defer_build) for their field descriptions, then are all built here, at
# import: never lazily on first use, where two threads could race to build one model.
describe_fields(EVENT_MODELS)
Event.model_rebuild()
for _model in EVENT_MODELS:
    _model.model_rebuild()

BY_NAME: dict[str, type[Event]] = {model.__name__: model for model in EVENT_MODELS}
BY_TYPE: dict[str, type[Event]] = {
    model.model_fields["type"].default: model for model in EVENT_MODELS
}

AnyEvent = Annotated[Union[tuple(EVENT_MODELS)], Field(discriminator="type")]  # type: ignore[valid-type]  # noqa: UP007
"""Any event, told apart by its `type`."""


@cache
def event_adapter() -> TypeAdapter[Any]:
    """One validator for every event type (built once: building it takes milliseconds)."""
    return TypeAdapter(AnyEvent)  # type: ignore[arg-type]  # a runtime-built union
