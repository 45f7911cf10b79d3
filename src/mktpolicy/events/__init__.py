"""Events: what happened, as pydantic models with a `type` discriminator."""

from mktpolicy.events.base import Event, Money, Month
from mktpolicy.events.models.conduct import ClientMeal
from mktpolicy.events.models.leaving import Departure, Resignation
from mktpolicy.events.models.operations import (
    CustomerDataTaken,
    CustomerDeduction,
    CustomerPromise,
    CustomerVisit,
    PaymentPostponed,
)
from mktpolicy.events.models.performance import MonthlyResult
from mktpolicy.events.registry import BY_NAME, BY_TYPE, EVENT_MODELS, AnyEvent

__all__ = [
    "BY_NAME",
    "BY_TYPE",
    "EVENT_MODELS",
    "AnyEvent",
    "ClientMeal",
    "CustomerDataTaken",
    "CustomerDeduction",
    "CustomerPromise",
    "CustomerVisit",
    "Departure",
    "Event",
    "Money",
    "Month",
    "MonthlyResult",
    "PaymentPostponed",
    "Resignation",
]
