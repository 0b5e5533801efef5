"""Validation and normalisation of report fields.

Each validator returns the normalised value or raises `InvalidValue` carrying a text key
that the dialog turns into a re-prompt saying what is expected.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time

MAX_SHORT_TEXT = 200
MAX_LONG_TEXT = 4000


class InvalidValue(ValueError):
    """A field value a user entered does not have the expected form."""

    def __init__(self, field: str, expectation_key: str) -> None:
        # Only the field id and a text key: never the value itself, which may be personal data.
        super().__init__(f"invalid value for {field}")
        self.field = field
        self.expectation_key = expectation_key


_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")
_HOUSE_NUMBER = re.compile(r"^\s*([1-9][0-9]{0,4})\s*([A-Za-z]{0,4}|-\s*[A-Za-z0-9]{1,4})?\s*$")
_KVK = re.compile(r"^\s*([0-9]{8})\s*$")
_TIME = re.compile(r"^\s*([01]?[0-9]|2[0-3])[:.]([0-5][0-9])\s*$")
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


# Characters no one types on purpose: control characters other than line breaks and tabs, lone
# UTF-16 surrogates, and the bidirectional overrides that make text read differently than it is.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)
_LABEL = re.compile(r"[^A-Za-z0-9._:-]")


def has_invisible_characters(value: str) -> bool:
    return _INVISIBLE.search(value) is not None


def clean_name(value: object, limit: int = MAX_SHORT_TEXT) -> str:
    """A display name from Teams as it may be stored: invisible characters dropped, capped."""
    return _INVISIBLE.sub("", value)[:limit].strip() if isinstance(value, str) else ""


def safe_label(value: object, limit: int = 20) -> str:
    """An identifier typed or sent by someone, made safe for an audit line or a log."""
    if not isinstance(value, str) or not value:
        return "unknown"
    return _LABEL.sub("?", value[:limit])


# Name particles that say nothing on their own ("van", "de", "El").
_NAME_PARTICLES = frozenset(
    {"van", "de", "der", "den", "het", "ter", "ten", "te", "la", "le", "el", "al", "bin", "ben"}
)


def _folded_words(value: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", value.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.findall(r"[^\W\d_]+", plain)


def mentions_name(text: str, name: str) -> bool:
    """Whether `text` contains the person's name, or a part of it of three letters or more
    that is not a particle, as a whole word (case and accents ignored)."""
    parts = {w for w in _folded_words(name) if len(w) >= 3 and w not in _NAME_PARTICLES}
    return bool(parts & set(_folded_words(text)))


def text(field: str, value: object, *, limit: int = MAX_SHORT_TEXT) -> str:
    """Trimmed free text; empty is allowed (returns ''), over the limit is not, and neither
    are invisible control characters."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidValue(field, "expect_text")
    if has_invisible_characters(value):
        raise InvalidValue(field, "expect_plain_text")
    cleaned = value.strip()
    if len(cleaned) > limit:
        raise InvalidValue(
            field, "expect_shorter_text" if limit > MAX_SHORT_TEXT else "expect_short_text"
        )
    return cleaned


def parse_date(field: str, value: object, *, today: date, allow_future: bool = False) -> str:
    """A calendar date as ISO text; accepts the ISO form Adaptive Cards send and dd-mm-jjjj."""
    raw = text(field, value)
    if not raw:
        return ""
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(raw, fmt).date()
            break
        except ValueError:
            continue
    else:
        raise InvalidValue(field, "expect_date")
    if parsed.year < 1900 or (not allow_future and parsed > today):
        raise InvalidValue(field, "expect_past_date")
    return parsed.isoformat()


def parse_time(field: str, value: object) -> str:
    raw = text(field, value)
    if not raw:
        return ""
    match = _TIME.match(raw)
    if not match:
        raise InvalidValue(field, "expect_time")
    return time(int(match.group(1)), int(match.group(2))).strftime("%H:%M")


def parse_postcode(field: str, value: object) -> str:
    """Dutch postcode, normalised to '1234 AB'."""
    raw = text(field, value)
    if not raw:
        return ""
    match = _POSTCODE.match(raw)
    if not match:
        raise InvalidValue(field, "expect_postcode")
    return f"{match.group(1)} {match.group(2).upper()}"


def parse_house_number(field: str, value: object) -> str:
    raw = text(field, value)
    if not raw:
        return ""
    match = _HOUSE_NUMBER.match(raw)
    if not match:
        raise InvalidValue(field, "expect_house_number")
    suffix = (match.group(2) or "").replace(" ", "").upper()
    return f"{match.group(1)}{suffix}"


def parse_kvk(field: str, value: object) -> str:
    """KvK number: exactly eight digits."""
    raw = text(field, value)
    if not raw:
        return ""
    match = _KVK.match(raw.replace(" ", "").replace(".", ""))
    if not match:
        raise InvalidValue(field, "expect_kvk")
    return match.group(1)


def parse_age(field: str, value: object) -> str:
    """An estimated age in years (0-120), or a range like '16-18'."""
    raw = text(field, value)
    if not raw:
        return ""
    parts = [p.strip() for p in raw.replace("–", "-").split("-")]
    if not 1 <= len(parts) <= 2 or not all(p.isdigit() for p in parts):
        raise InvalidValue(field, "expect_age")
    numbers = [int(p) for p in parts]
    if any(n > 120 for n in numbers) or numbers != sorted(numbers):
        raise InvalidValue(field, "expect_age")
    return "-".join(str(n) for n in numbers)


def parse_choice(field: str, value: object, allowed: tuple[str, ...], *, required: bool) -> str:
    raw = text(field, value)
    if not raw:
        if required:
            raise InvalidValue(field, "expect_choice")
        return ""
    if raw not in allowed:
        raise InvalidValue(field, "expect_choice")
    return raw


def parse_multi_choice(field: str, value: object, allowed: frozenset[str]) -> list[str]:
    """An Adaptive Card multi-select arrives as 'a,b,c'; unknown ids are refused."""
    raw = text(field, value, limit=MAX_LONG_TEXT)
    if not raw:
        return []
    chosen = [part.strip() for part in raw.split(",") if part.strip()]
    if any(item not in allowed for item in chosen):
        raise InvalidValue(field, "expect_choice")
    return sorted(set(chosen))
