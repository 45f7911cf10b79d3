"""Side jobs and personal investments the company forbids (000 (七) 二(一), 二(二))."""

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import AliasChoices, Field

from mktpolicy.events.base import Event


class SideJob(Event):
    """A side job an employee declared or was found to hold."""

    type: Literal["side_job"] = "side_job"
    date_field: ClassVar[str] = "reported_on"

    reported_on: date
    employer: str
    uses_company_time_or_resources: bool
    with_partner_or_competitor: bool
    """The employer is a business partner (业务关联单位) or a competitor of the company."""
    employer_competes: bool
    """The employer competes commercially with the company."""
    harms_work_or_image: bool


class PersonalInvestment(Event):
    """A personal investment an employee declared or was found to hold."""

    type: Literal["personal_investment"] = "personal_investment"
    date_field: ClassVar[str] = "reported_on"

    reported_on: date
    investee: str
    manages_partner_or_competitor: bool
    investee_is_customer_or_competitor: bool
    advantage_through_position: bool
    through_lineal_relative_or_friend: Annotated[
        bool,
        Field(
            validation_alias=AliasChoices(
                "through_lineal_relative_or_friend", "through_relative_or_friend"
            )
        ),
    ]
    """Held in the name of a lineal relative (直系亲属: parents, grandparents, children,
    grandchildren) or a friend. The old name `through_relative_or_friend` is still accepted."""
