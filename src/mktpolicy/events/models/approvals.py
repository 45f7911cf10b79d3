"""Approvals, authorities and approval chains, with their approvers (000 (九); 001; 004)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from mktpolicy.events.base import Event, Money

Role = Literal[
    "marketing_manager",
    "department_manager",
    "division_manager",
    "product_marketing_manager",
    "technical_director",
    "key_account_manager",
    "project_manager",
    "general_manager",
    "deputy_general_manager",
    "finance_manager",
    "salesperson",
]


class PromotionDistribution(Event):
    """A distribution of promotional items, gifts, samples or props, and who approved it."""

    type: Literal["promotion_distribution"] = "promotion_distribution"
    date_field: ClassVar[str] = "approved_on"

    approved_on: date
    amount: Money
    approved_by: tuple[Role, ...]
    """Everyone who approved it."""


class MarketActivity(Event):
    """A market activity (advertising, public event, exhibition, technical exchange)."""

    type: Literal["market_activity"] = "market_activity"
    date_field: ClassVar[str] = "starts_on"

    starts_on: date
    special: bool
    """A special activity (needs the general manager); otherwise routine."""
    approved_by: tuple[Role, ...]
    researched: bool | None = None
    """Market research by the SC-001 procedure came before the activity plan (004 SC-007 2)."""
    activity_plan: bool | None = None
    """A Market Activity Plan (《市场活动筹划书》) was drawn up (004 SC-007 2)."""
    recorded: bool | None = None
    """A record of the activity was kept (004 SC-007 3); absent while it runs."""


class AuthorityDecision(Event):
    """A decision reserved to the deputy general manager (001 副总经理 权限), and who took it."""

    type: Literal["authority_decision"] = "authority_decision"
    date_field: ClassVar[str] = "decided_on"

    decided_on: date
    decision: Literal[
        "equipment_price",
        "hire_salesperson",
        "dismiss_salesperson",
        "commission_rate",
        "staff_reward",
        "salesperson_assessment",
    ]
    decided_by: Role


class ResearchPlan(Event):
    """A market-research plan (004 SC-001) and everyone who approved or signed it."""

    type: Literal["research_plan"] = "research_plan"
    date_field: ClassVar[str] = "started_on"

    started_on: date
    scope: Literal["annual", "monthly", "major_special", "routine"]
    budget_approved_by: tuple[Role, ...]
    signed_by: tuple[Role, ...]
    reviewed_by_product_marketing: bool | None = None
    """Whether the product-marketing manager reviewed the plan (004 SC-001 2); absent if unknown."""


class PromotionPlan(Event):
    """A promotion plan (004 SC-003) and who approved it before it ran."""

    type: Literal["promotion_plan"] = "promotion_plan"
    date_field: ClassVar[str] = "started_on"

    started_on: date
    approved_by: tuple[Role, ...]
    research_report_approved: bool | None = None
    """The research report it rests on was approved by the product-marketing manager before
    planning began (004 SC-002 5); absent if unknown."""


class ServiceRequest(Event):
    """A technical service request (《技术服务申请单》) for training or after-sales work."""

    type: Literal["service_request"] = "service_request"
    date_field: ClassVar[str] = "work_started_on"

    work_started_on: date
    service: Literal["training", "after_sales"]
    approved_by: tuple[Role, ...]
    """Who approved it before the work started."""
    pre_handling_plan: bool | None = None
    """For after-sales work: the staff wrote a Pre-handling Plan (《预处理方案》) before it
    started (004 SC-010 3); absent if unknown."""


class ProcessChange(Event):
    """A business process put into effect (004 二) and who reviewed it."""

    type: Literal["process_change"] = "process_change"
    date_field: ClassVar[str] = "effective_on"

    effective_on: date
    process: str
    reviewed_by: tuple[Role, ...]
