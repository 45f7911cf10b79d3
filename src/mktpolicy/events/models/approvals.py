"""Approvals, authorities and approval chains, with their approvers (000 (九); 001; 004)."""

from datetime import date
from typing import Annotated, ClassVar, Literal

from mktpolicy.events.base import ActedBy, Event, Money

Role = Literal[
    "marketing_head",
    "marketing_director",
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
"""Roles the documents name. `marketing_head` is 000's 市场部负责人 / 001's 市场部部长 (the head of
the marketing department); `marketing_director` is 000's 营销总监 / 市场总监, the marketing
manager's direct superior ((九), (八)); the others as 004 and 001 name them."""


class PromotionDistribution(Event):
    """A distribution of promotional items, gifts, samples or props, and who approved it."""

    type: Literal["promotion_distribution"] = "promotion_distribution"
    date_field: ClassVar[str] = "approved_on"

    approved_on: date
    amount: Money
    approved_by: Annotated[
        tuple[Role, ...],
        ActedBy(
            "marketing_manager", "marketing_director", "deputy_general_manager", "general_manager"
        ),
    ]
    """Everyone who approved it."""


class MarketActivity(Event):
    """A market activity (advertising, public event, exhibition, technical exchange)."""

    type: Literal["market_activity"] = "market_activity"
    date_field: ClassVar[str] = "starts_on"
    actor: ClassVar[str | None] = "marketing_manager"  # SC-007 3: 市场经理组织…实施

    starts_on: date
    special: bool
    """A special activity (needs the general manager); otherwise routine."""
    approved_by: Annotated[
        tuple[Role, ...], ActedBy("general_manager", "product_marketing_manager")
    ]
    researched: bool | None = None
    """Market research by the SC-001 procedure came before the activity plan (004 SC-007 2)."""
    activity_plan: bool | None = None
    """A Market Activity Plan (《市场活动筹划书》) was drawn up (004 SC-007 2)."""
    recorded: bool | None = None
    """A record of the activity was kept (004 SC-007 3); absent while it runs."""


class AuthorityDecision(Event):
    """A decision within 001's lists of powers (副总经理 权限), and who took it. No rule judges
    it: a power forbids nobody else (docs/readings.md)."""

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
    actor: ClassVar[str | None] = "marketing_manager"  # SC-001: 市场经理编制《市场调研策划书》

    started_on: date
    scope: Literal["annual", "monthly", "major_special", "routine"]
    budget_approved_by: Annotated[tuple[Role, ...], ActedBy("division_manager", "general_manager")]
    signed_by: Annotated[
        tuple[Role, ...],
        ActedBy(
            "product_marketing_manager",
            "technical_director",
            "general_manager",
            "key_account_manager",
        ),
    ]
    """Who signed the plan jointly (SC-001 4: 产品市场部牵头…共同签准)."""
    reviewed_by_product_marketing: Annotated[bool | None, ActedBy("product_marketing_manager")] = (
        None
    )
    """Whether the product-marketing manager reviewed the plan (004 SC-001 2); absent if unknown."""


class PromotionPlan(Event):
    """A promotion plan (004 SC-003) and who approved it before it ran."""

    type: Literal["promotion_plan"] = "promotion_plan"
    date_field: ClassVar[str] = "started_on"
    actor: ClassVar[str | None] = (
        "key_account_department_manager"  # SC-003 3: 大客户部经理按计划执行
    )

    started_on: date
    approved_by: Annotated[
        tuple[Role, ...], ActedBy("department_manager", "technical_director", "general_manager")
    ]
    research_report_approved: Annotated[bool | None, ActedBy("product_marketing_manager")] = None
    """The research report it rests on was approved by the product-marketing manager before
    planning began (004 SC-002 5); absent if unknown."""


class ServiceRequest(Event):
    """A technical service request (《技术服务申请单》) for training or after-sales work."""

    type: Literal["service_request"] = "service_request"
    date_field: ClassVar[str] = "work_started_on"
    actor: ClassVar[str | None] = "key_account_department_manager"  # SC-008 1, SC-010 1: 提交

    work_started_on: date
    service: Literal["training", "after_sales"]
    approved_by: Annotated[
        tuple[Role, ...], ActedBy("product_marketing_manager", "technical_director")
    ]
    """Who approved it before the work started."""
    pre_handling_plan: Annotated[bool | None, ActedBy("after_sales_staff")] = None
    """For after-sales work: the staff wrote a Pre-handling Plan (《预处理方案》) before it
    started (004 SC-010 3); absent if unknown."""


class ProcessChange(Event):
    """A business process put into effect (004 二) and who reviewed it."""

    type: Literal["process_change"] = "process_change"
    date_field: ClassVar[str] = "effective_on"
    actor: ClassVar[str | None] = "company"  # 004 二: the process document and its joint review

    effective_on: date
    process: str
    reviewed_by: Annotated[
        tuple[Role, ...],
        ActedBy(
            "general_manager",
            "technical_director",
            "key_account_manager",
            "project_manager",
            "product_marketing_manager",
        ),
    ]
