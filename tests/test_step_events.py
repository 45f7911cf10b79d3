"""The events of 001's work standards and 004's process steps refuse records that cannot be."""

from __future__ import annotations

import pytest

from mktpolicy.errors import EventError
from mktpolicy.events import ResearchPlan
from mktpolicy.events.reader import to_event

RECEIVABLE = {
    "type": "receivable",
    "employee_id": "S1",
    "customer_id": "C1",
    "amount": "5000",
    "due_on": "2024-03-31",
    "checked_on": "2024-04-10",
}


def test_a_receivable_cannot_be_collected_after_the_record_was_taken():
    with pytest.raises(EventError, match="collected_on 2024-04-11 is after checked_on 2024-04-10"):
        to_event({**RECEIVABLE, "collected_on": "2024-04-11"})
    assert to_event({**RECEIVABLE, "collected_on": "2024-04-10"}).type == "receivable"


def test_an_older_research_plan_without_the_review_step_still_validates():
    plan = {
        "type": "research_plan",
        "employee_id": "M1",
        "started_on": "2024-02-01",
        "scope": "routine",
        "budget_approved_by": ["division_manager"],
        "signed_by": [],
    }
    event = to_event(plan)
    assert isinstance(event, ResearchPlan)
    assert event.reviewed_by_product_marketing is None
