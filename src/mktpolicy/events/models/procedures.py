"""Steps of 004's processes SC-006, SC-008, SC-009 and SC-010, which no approval snapshot records.

Each records, once the process has run, what was done and who approved it before the next step;
`None` on a later step means it has not been reached yet.
"""

from datetime import date
from typing import Annotated, ClassVar, Literal

from mktpolicy.events.base import ActedBy, Event
from mktpolicy.events.models.approvals import Role


class PublicityMaterial(Event):
    """A piece of publicity material (004 SC-006): reviewed, filed, printed, booked into stock."""

    type: Literal["publicity_material"] = "publicity_material"
    date_field: ClassVar[str] = "filed_on"
    actor: ClassVar[str | None] = (
        "marketing_manager"  # SC-006 2-4: 市场经理设计…存档…填写采购申请单
    )

    filed_on: date
    """When the finished design was filed."""
    reviewed_by_managers: Annotated[bool, ActedBy("department_managers")]
    """The department managers reviewed the design before it was finished and filed."""
    printed: bool = False
    purchase_request: bool | None = None
    """For printed material: printing went through a purchase request and purchasing."""
    booked_into_stock: Annotated[bool | None, ActedBy("administrative_assistant")] = None
    """For printed material: the administrative assistant booked it into stock."""


class TrainingCourse(Event):
    """A training course the marketing manager gave (004 SC-008), from request to summary."""

    type: Literal["training_course"] = "training_course"
    date_field: ClassVar[str] = "given_on"
    actor: ClassVar[str | None] = "marketing_manager"  # SC-008 3-5: 市场经理制定…组织并实施

    given_on: date
    service_request: Annotated[bool, ActedBy("key_account_department_manager")]
    """It was requested on a Technical Service Request (《技术服务申请单》) of type training."""
    plan_approved_by: Annotated[tuple[Role, ...], ActedBy("product_marketing_manager")]
    """Who approved the training plan before the materials were prepared."""
    surveys_collected: bool | None = None
    """The trainees' survey forms (《培训调查表》) were collected; absent before the course ends."""
    summary_reported: bool | None = None
    """The summary went to the product-marketing manager; absent while it is being written."""


class CustomerSurvey(Event):
    """A customer-satisfaction survey (004 SC-009) and the approvals at each of its steps."""

    type: Literal["customer_survey"] = "customer_survey"
    date_field: ClassVar[str] = "designed_on"
    actor: ClassVar[str | None] = "marketing_manager"  # SC-009 1-3: 市场经理制定…设计…协调

    designed_on: date
    """When the questionnaire was designed."""
    plan_approved_by: Annotated[tuple[Role, ...], ActedBy("product_marketing_manager")]
    """Who approved the survey plan before the questionnaire was designed."""
    report_approved_by: Annotated[tuple[Role, ...], ActedBy("general_manager")] = ()
    """Who approved the survey report before a handling plan was decided."""
    handling_decided: bool = False
    handling_commented_by: Annotated[tuple[Role, ...], ActedBy("general_manager")] = ()
    """Who gave comments on the handling plan before it was carried out."""
    handling_carried_out: Annotated[bool, ActedBy("product_marketing_manager")] = False
    """The product-marketing manager had production and technology carry it out (SC-009 4)."""


class AfterSalesJob(Event):
    """A piece of after-sales work done for a customer (004 SC-010), and the request behind it."""

    type: Literal["after_sales_job"] = "after_sales_job"
    date_field: ClassVar[str] = "performed_on"
    actor: ClassVar[str | None] = "after_sales_staff"  # SC-010 2-3: 指定售后服务人员

    performed_on: date
    customer_id: str | None = None
    service_request: Annotated[bool, ActedBy("key_account_department_manager")]
    """It was requested on a Technical Service Request (《技术服务申请单》) of type after-sales."""
