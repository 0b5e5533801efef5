"""Case and question numbers as people say them (MH-2026-0042, VR-2026-0007), and the year
they carry: the municipality's own, Europe/Amsterdam, not UTC."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
_CASE_NUMBER = re.compile(r"^MH-[0-9]{4}-[0-9]{4,7}$")
_QUESTION_NUMBER = re.compile(r"^VR-[0-9]{4}-[0-9]{4,7}$")


def local_year(moment: datetime) -> int:
    """The calendar year in the Netherlands: 00:30 on 1 January is the new year."""
    return moment.astimezone(LOCAL_TIME).year


def format_case_number(year: int, number: int) -> str:
    return f"MH-{year}-{number:04d}"


def format_question_number(year: int, number: int) -> str:
    return f"VR-{year}-{number:04d}"


def parse_case_number(value: object) -> str | None:
    """The case number in canonical form, or None if the value cannot be one."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    number = value.strip().upper()
    return number if _CASE_NUMBER.match(number) else None


def parse_question_number(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    number = value.strip().upper()
    return number if _QUESTION_NUMBER.match(number) else None
