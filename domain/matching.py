"""Normalised values for matching earlier signals about the same person, address or company.

Only the normalised terms are produced here; storage turns them into keyed HMAC blind indexes,
so matching never needs to decrypt stored signals.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from domain.case_number import parse_case_number
from domain.validation import InvalidValue, parse_house_number, parse_postcode

_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Case, accents, punctuation and spacing do not matter: 'Jänssen-de  Vries' = 'janssen de vries'."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _SPACES.sub(" ", _NON_ALNUM.sub(" ", ascii_only)).strip()


# Legal forms say nothing about which organisation it is: "Kasbouw B.V." = "Kasbouw".
_LEGAL_FORMS = frozenset({"bv", "nv", "vof", "cv", "ltd", "gmbh", "bvba", "sarl", "io"})


def normalise_organisation(name: str) -> str:
    """An organisation's name as it is matched: case, accents, punctuation and the legal form
    do not matter ('Kasbouw Van Dalen B.V.' = 'kasbouw van dalen bv' = 'Kasbouw van Dalen').
    Initials written with dots or spaces ('B. V.', 'v.o.f.') are joined first."""
    words: list[str] = []
    previous_single = False
    for word in normalise_name(name).split():
        single = len(word) == 1
        if single and previous_single:
            words[-1] += word
        else:
            words.append(word)
        previous_single = single
    kept = [w for w in words if w not in _LEGAL_FORMS]
    return " ".join(kept or words)


def address_term(postcode: str, house_number: str) -> str | None:
    if not postcode or not house_number:
        return None
    return f"{postcode.replace(' ', '').upper()}|{house_number.upper()}"


# Each kind has its own keyed index (storage keeps one key per kind), and a match says only
# which kind matched, never the value.
KINDS: tuple[str, ...] = ("person", "victim", "address", "company", "organisation")


def blind_index_terms(content: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, normalised value) pairs for a report's possible exploiter (name and date of
    birth), victim (the same), addresses, company number and organisation name."""
    terms: list[tuple[str, str]] = []
    for kind, name_key, dob_key in (
        ("person", "suspect_name", "suspect_dob"),
        ("victim", "victim_name", "victim_dob"),
    ):
        name = normalise_name(content.get(name_key, ""))
        if name and content.get(dob_key):
            terms.append((kind, f"{name}|{content[dob_key]}"))
    for postcode_key, number_key in (
        ("postcode", "house_number"),
        ("suspect_postcode", "suspect_house_number"),
    ):
        term = address_term(content.get(postcode_key, ""), content.get(number_key, ""))
        if term and ("address", term) not in terms:
            terms.append(("address", term))
    if content.get("kvk"):
        terms.append(("company", content["kvk"]))
    organisation = normalise_organisation(content.get("organisation", ""))
    if organisation:
        terms.append(("organisation", organisation))
    return terms


def search_terms(query: str) -> tuple[str | None, str]:
    """What a coordinator typed to find a case: ("number", case number), ("company", KvK
    number) or ("address", postcode|house number, as the blind index has it); (None, "")
    when it is none of these."""
    number = parse_case_number(query)
    if number:
        return "number", number
    compact = query.replace(" ", "").replace(".", "")
    if compact.isdigit() and len(compact) == 8:
        return "company", compact
    words = query.replace(",", " ").split()
    for split in range(1, len(words)):
        try:
            postcode = parse_postcode("postcode", " ".join(words[:split]))
            house = parse_house_number("house_number", " ".join(words[split:]))
        except InvalidValue:
            continue
        term = address_term(postcode, house)
        if term:
            return "address", term
    return None, ""
