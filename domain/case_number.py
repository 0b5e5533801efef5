"""Case numbers as people say them: MH-2026-0042."""

from __future__ import annotations

import re

_PATTERN = re.compile(r"^MH-(\d{4})-(\d{4,6})$")


def format_case_number(year: int, number: int) -> str:
    return f"MH-{year}-{number:04d}"


def is_case_number(value: str) -> bool:
    return bool(_PATTERN.match(value.strip().upper()))
