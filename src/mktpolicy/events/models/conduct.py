"""Daily conduct: meals, leave, trips, calls, training and meeting customers (000 (二) 一)."""

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from mktpolicy.events.base import ActedBy, Event, InOrder, KnownOn, LocalTime, Money


class ClientMeal(Event):
    """A restaurant meal with a client, with when (if ever) it was approved."""

    type: Literal["client_meal"] = "client_meal"
    date_field: ClassVar[str] = "held_at"

    held_at: LocalTime
    """When the meal began (local time)."""
    approved_at: Annotated[LocalTime | None, ActedBy("approver"), KnownOn()] = None
    """When the meal was approved; absent if it never was."""
    requested_at: LocalTime | None = None
    """When the employee asked for approval (报批); absent if not recorded. A request made before
    the meal clears the employee of a missing or late approval."""
    meal_slip: bool
    """Whether the meal was taken against a written meal slip (书面用餐单)."""
    customer_id: str | None = None
    amount: Money | None = None


class LeaveTaken(Event):
    """Leave an employee took, with its approval and handover (000 (二) 一.9, 一.10)."""

    type: Literal["leave_taken"] = "leave_taken"
    date_field: ClassVar[str] = "starts_on"
    in_order: ClassVar[tuple[InOrder, ...]] = (InOrder("starts_on", "ends_on"),)

    kind: Literal["compensatory", "personal", "sick"]
    """补休, 事假 or 病假."""
    starts_on: date
    ends_on: date
    approved_on: Annotated[date | None, ActedBy("department_head"), KnownOn()] = None
    """When the head of department approved it; absent if never."""
    requested_on: date | None = None
    """When the employee submitted it for approval (报…审批); absent if not recorded. A request
    on or before the first day clears the employee of a missing or late approval."""
    doctor_note: bool = False
    """For sick leave: a doctor's note was shown."""
    handed_over_to: str | None = None
    """The designated colleague the work was handed to, if any."""
    during_important_event: bool = False
    """The leave falls in a period the department declared important."""


class TripDay(Event):
    """One day of a business trip and how often the employee contacted the company (二.5)."""

    type: Literal["trip_day"] = "trip_day"
    date_field: ClassVar[str] = "day"

    day: date
    contacts: Annotated[int, Field(ge=0, le=1000)]


class PhoneCall(Event):
    """A call made or taken on company phones (000 (一) 二.7, (二) 一.7)."""

    type: Literal["phone_call"] = "phone_call"
    date_field: ClassVar[str] = "started_at"

    started_at: LocalTime
    minutes: Annotated[Decimal, Field(ge=0, le=1440)]
    direction: Literal["made", "received"] = "made"
    personal: bool
    long_distance: bool = False
    information_line: bool = False
    """A call to an information line or similar paid service (信息台)."""
    in_office: bool = True
    urgent: bool = False


class TrainingAttendance(Event):
    """Arrival at the Friday internal training (000 (二) 一.8)."""

    type: Literal["training_attendance"] = "training_attendance"
    date_field: ClassVar[str] = "starts_at"

    starts_at: LocalTime
    arrived_at: Annotated[LocalTime | None, KnownOn()] = None
    """When the employee arrived; absent if they did not come."""
    excused_by: Literal["approved_leave", "sick_leave", "business_trip"] | None = None
    """The employee was on leave or a business trip that day (where those are not recorded as
    leave_taken or trip_day events): neither lateness nor absence is judged."""


class CustomerMeeting(Event):
    """A customer met at the company's premises (000 (二) 一.6)."""

    type: Literal["customer_meeting"] = "customer_meeting"
    date_field: ClassVar[str] = "held_on"

    held_on: date
    customer_id: str
    place: Literal["meeting_room", "office", "reception", "other"]


class FieldDay(Event):
    """A day an employee went out on business, and whether they reported at the company first."""

    type: Literal["field_day"] = "field_day"
    date_field: ClassVar[str] = "day"

    day: date
    signed_in_at_office: bool
    """Reported at the company before going out (先到公司报到)."""
    notified_on: Annotated[date | None, KnownOn()] = None
    """When administration was told the employee could not sign in, if it was."""


class ComputerUse(Event):
    """Use of a colleague's computer (000 (七) 二(三).5)."""

    type: Literal["computer_use"] = "computer_use"
    date_field: ClassVar[str] = "used_on"

    used_on: date
    owner_employee_id: str
    owner_consented: bool


class DepartmentInstruction(Event):
    """An instruction given to another department (000 (七) 二(三).16)."""

    type: Literal["department_instruction"] = "department_instruction"
    date_field: ClassVar[str] = "given_on"

    given_on: date
    department: str
    within_authority: bool
    private_interest: bool
    bypassed_superior: bool


class WorkDifficulty(Event):
    """A special situation or a difficulty met at work that one could not overcome, as recorded
    (000 (七) 二(三).8), and whether it was reported to the leader."""

    type: Literal["work_difficulty"] = "work_difficulty"
    date_field: ClassVar[str] = "occurred_on"

    occurred_on: date
    description: str | None = None
    reported_to_leader: bool
    """It was reported to the leader (向领导汇报反映); 及时 names no period."""
