"""Field validation and normalisation, and the blind-index terms derived from a report."""

from __future__ import annotations

from datetime import date

import pytest

from domain import validation
from domain.matching import (
    blind_index_terms,
    normalise_name,
    normalise_organisation,
    search_terms,
)
from domain.validation import InvalidValue

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("raw", "expected"), [("3431ab", "3431 AB"), (" 3431 AB ", "3431 AB"), ("", "")]
)
def test_postcode_normalised(raw: str, expected: str) -> None:
    assert validation.parse_postcode("p", raw) == expected


@pytest.mark.parametrize("raw", ["0431 AB", "3431", "AB 3431", "34311AB"])
def test_postcode_refused(raw: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validation.parse_postcode("p", raw)
    assert error.value.expectation_key == "expect_postcode"
    assert raw not in str(error.value)  # the value never travels in the exception


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("27-11-2026", "2026-11-27"), ("2026-11-27", "2026-11-27"), ("1/2/1980", "1980-02-01")],
)
def test_dates(raw: str, expected: str) -> None:
    assert validation.parse_date("d", raw, today=TODAY) == expected


def test_kvk_house_number_age_time() -> None:
    assert validation.parse_kvk("k", "1234 5678") == "12345678"
    assert validation.parse_house_number("h", "12 a") == "12A"
    assert validation.parse_age("a", "16 - 18") == "16-18"
    assert validation.parse_time("t", "9.05") == "09:05"
    for parse, raw in (
        (validation.parse_age, "18-16"),
        (validation.parse_age, "130"),
        (validation.parse_kvk, "1234567x"),
    ):
        with pytest.raises(InvalidValue):
            parse("f", raw)


def test_names_match_regardless_of_case_accents_and_spacing() -> None:
    assert (
        normalise_name("  Jänssen-de  VRIES ")
        == normalise_name("janssen de vries")
        == "janssen de vries"
    )


def test_blind_index_terms() -> None:
    terms = blind_index_terms(
        {
            "suspect_name": "Jan Jansen",
            "suspect_dob": "1980-01-01",
            "postcode": "3431 AB",
            "house_number": "12A",
            "suspect_postcode": "3431 AB",
            "suspect_house_number": "12A",
            "kvk": "12345678",
        }
    )
    assert terms == [
        ("person", "jan jansen|1980-01-01"),
        ("address", "3431AB|12A"),
        ("company", "12345678"),
    ]
    assert blind_index_terms({"suspect_name": "Jan"}) == []  # a name alone is too weak to match on


def test_victims_and_organisations_have_their_own_terms() -> None:
    terms = blind_index_terms(
        {
            "victim_name": "Ilona  VÁRGA",
            "victim_dob": "2005-06-01",
            "organisation": "Massagesalon Lotus B.V.",
        }
    )
    assert terms == [
        ("victim", "ilona varga|2005-06-01"),
        ("organisation", "massagesalon lotus"),
    ]
    assert blind_index_terms({"victim_name": "Ilona Varga"}) == []  # no date of birth: too weak


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kasbouw Van Dalen B.V.", "kasbouw van dalen"),
        ("kasbouw van dalen bv", "kasbouw van dalen"),
        ("KASBOUW VAN DALEN", "kasbouw van dalen"),
        ("V.O.F. De Kas", "de kas"),
        ("Jänssen & Zn. B. V.", "janssen zn"),
        ("BV", "bv"),  # nothing but a legal form: kept, so it is not an empty match
    ],
)
def test_organisation_names_match_without_legal_form(raw: str, expected: str) -> None:
    assert normalise_organisation(raw) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mh-2026-0042", ("number", "MH-2026-0042")),
        ("3431 ab 12a", ("address", "3431AB|12A")),
        ("3431AB, 12 a", ("address", "3431AB|12A")),
        ("1234 5678", ("company", "12345678")),
        ("Kowalczyk", (None, "")),
        ("3431 AB", (None, "")),
    ],
)
def test_what_a_coordinator_searches_for(query: str, expected: tuple[str | None, str]) -> None:
    assert search_terms(query) == expected
