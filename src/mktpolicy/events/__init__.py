"""Events: what happened, as pydantic models with a `type` discriminator."""

from mktpolicy.events.base import Event, Money, Month
from mktpolicy.events.models.approvals import MarketActivity, PromotionDistribution
from mktpolicy.events.models.assessment import Appeal, AssessmentResult, Probation
from mktpolicy.events.models.conduct import (
    ClientMeal,
    CustomerMeeting,
    FieldDay,
    LeaveTaken,
    PhoneCall,
    TrainingAttendance,
    TripDay,
)
from mktpolicy.events.models.conflicts import PersonalInvestment, SideJob
from mktpolicy.events.models.documents import (
    CashSale,
    ContractBorrowed,
    ContractUse,
    DealSigned,
    FirstOrder,
    MouldSample,
    Shipment,
)
from mktpolicy.events.models.leaving import Departure, Resignation
from mktpolicy.events.models.operations import (
    BeyondAuthorityAct,
    CustomerClaim,
    CustomerDataTaken,
    CustomerDeduction,
    CustomerForm,
    CustomerPromise,
    CustomerVisit,
    InterestedCustomer,
    PaymentPostponed,
    ReceivablesSummary,
)
from mktpolicy.events.models.performance import MonthlyResult
from mktpolicy.events.models.reports import MonthlyReport, SalesPlan
from mktpolicy.events.registry import BY_NAME, BY_TYPE, EVENT_MODELS, AnyEvent

__all__ = [
    "BY_NAME",
    "BY_TYPE",
    "EVENT_MODELS",
    "AnyEvent",
    "Appeal",
    "AssessmentResult",
    "BeyondAuthorityAct",
    "CashSale",
    "ClientMeal",
    "ContractBorrowed",
    "ContractUse",
    "CustomerClaim",
    "CustomerDataTaken",
    "CustomerDeduction",
    "CustomerForm",
    "CustomerMeeting",
    "CustomerPromise",
    "CustomerVisit",
    "DealSigned",
    "Departure",
    "Event",
    "FieldDay",
    "FirstOrder",
    "InterestedCustomer",
    "LeaveTaken",
    "MarketActivity",
    "Money",
    "Month",
    "MonthlyReport",
    "MonthlyResult",
    "MouldSample",
    "PaymentPostponed",
    "PersonalInvestment",
    "PhoneCall",
    "Probation",
    "PromotionDistribution",
    "ReceivablesSummary",
    "Resignation",
    "SalesPlan",
    "Shipment",
    "SideJob",
    "TrainingAttendance",
    "TripDay",
]
