"""The bench workload: seeded JSON lines of the four core families, 100 events per employee."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable

from mktpolicy.events import Event

PER_EMPLOYEE = 100


def four_family_lines(events: int, seed: int = 0) -> list[str]:
    """`events` JSON lines: a year of monthly results, operation acts, meals and, for one
    employee in ten, a resignation and a departure; about one act in ten breaks a rule."""
    rnd = random.Random(seed)
    lines: list[str] = []
    employee = 0
    while len(lines) < events:
        who = f"E{employee:06d}"
        employee += 1
        weak = rnd.random() < 0.15
        for month in range(1, 13):
            target = rnd.choice([40_000, 50_000, 60_000])
            actual = int(
                target
                * (rnd.uniform(0.5, 0.99) if weak and rnd.random() < 0.8 else rnd.uniform(0.9, 1.4))
            )
            lines.append(
                json.dumps(
                    {
                        "type": "monthly_result",
                        "id": f"{who}-m{month}",
                        "employee_id": who,
                        "month": f"2024-{month:02d}",
                        "target": str(target),
                        "actual": str(actual),
                        "attendance": rnd.randint(3, 5),
                        "office_discipline": rnd.randint(3, 5),
                        "team_spirit": rnd.randint(3, 5),
                        "professional_conduct": rnd.randint(3, 5),
                    }
                )
            )
        if rnd.random() < 0.1:
            day = rnd.randint(1, 300)
            submitted = f"2024-{1 + day // 31:02d}-{1 + day % 28:02d}"
            last = f"2024-{min(12, 2 + day // 31 + rnd.choice([0, 1])):02d}-{1 + day % 28:02d}"
            lines.append(
                json.dumps(
                    {
                        "type": "resignation",
                        "id": f"{who}-r",
                        "employee_id": who,
                        "submitted_on": submitted,
                        "last_day": last,
                    }
                )
            )
            lines.append(
                json.dumps(
                    {
                        "type": "departure",
                        "id": f"{who}-d",
                        "employee_id": who,
                        "kind": "voluntary",
                        "left_on": last,
                        "accounts_settled": rnd.random() < 0.9,
                        "handover_done": rnd.random() < 0.9,
                        "supervisor_signed": rnd.random() < 0.95,
                    }
                )
            )
        meals = 6
        for k in range(meals):
            month, day = rnd.randint(1, 12), rnd.randint(1, 28)
            approved = (
                None
                if rnd.random() < 0.05
                else f"2024-{month:02d}-{day:02d}T{rnd.choice(['09', '13']):s}:00:00"
            )
            lines.append(
                json.dumps(
                    {
                        "type": "client_meal",
                        "id": f"{who}-c{k}",
                        "employee_id": who,
                        "held_at": f"2024-{month:02d}-{day:02d}T12:00:00",
                        "approved_at": approved,
                        "meal_slip": rnd.random() < 0.95,
                    }
                )
            )
        for k in range(PER_EMPLOYEE - 12 - meals):
            lines.append(
                json.dumps(
                    {
                        "type": "customer_promise",
                        "id": f"{who}-p{k}",
                        "employee_id": who,
                        "occurred_on": f"2024-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                        "customer_id": f"C{rnd.randint(1, 500)}",
                        "promise": rnd.choice(
                            [
                                "freight_discount",
                                "free_shipping",
                                "monthly_settlement",
                                "settlement_change",
                            ]
                        ),
                        "authorised": rnd.random() < 0.93,
                        "price_difference": str(rnd.randint(0, 400)),
                    }
                )
            )
    return lines[:events]


def group(events: Iterable[Event]) -> dict[str, list[Event]]:
    by_subject: dict[str, list[Event]] = {}
    for event in events:
        by_subject.setdefault(event.employee_id, []).append(event)
    return by_subject
