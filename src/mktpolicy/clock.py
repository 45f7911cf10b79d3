"""The evaluation date: the day on which deadlines are judged passed or still open.

A deadline that has not passed is `pending`, never a breach, so every evaluation has a date:
the one the caller fixes (`policy.at(day)`, `check --as-of`), else today where the company is
(Asia/Shanghai: the regulations are a Chinese company's).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

COMPANY_ZONE = ZoneInfo("Asia/Shanghai")


def today() -> date:
    """Today's date in the company's time zone."""
    return datetime.now(COMPANY_ZONE).date()
