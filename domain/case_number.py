"""Case numbers as people say them: MH-2026-0042."""

from __future__ import annotations


def format_case_number(year: int, number: int) -> str:
    return f"MH-{year}-{number:04d}"
