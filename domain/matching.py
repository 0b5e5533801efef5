"""Normalised values for matching earlier signals about the same person, address or company.

Only the normalised terms are produced here; storage turns them into keyed HMAC blind indexes,
so matching never needs to decrypt stored signals.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Case, accents, punctuation and spacing do not matter: 'Jänssen-de  Vries' = 'janssen de vries'."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _SPACES.sub(" ", _NON_ALNUM.sub(" ", ascii_only)).strip()


def _address_term(postcode: str, house_number: str) -> str | None:
    if not postcode or not house_number:
        return None
    return f"{postcode.replace(' ', '').upper()}|{house_number.upper()}"


def blind_index_terms(content: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, normalised value) pairs for a report's person, addresses and company."""
    terms: list[tuple[str, str]] = []
    name = normalise_name(content.get("suspect_name", ""))
    if name and content.get("suspect_dob"):
        terms.append(("person", f"{name}|{content['suspect_dob']}"))
    for postcode_key, number_key in (
        ("postcode", "house_number"),
        ("suspect_postcode", "suspect_house_number"),
    ):
        term = _address_term(content.get(postcode_key, ""), content.get(number_key, ""))
        if term and ("address", term) not in terms:
            terms.append(("address", term))
    if content.get("kvk"):
        terms.append(("company", content["kvk"]))
    return terms
