"""Which signal checkboxes the report offers for each form of exploitation.

Only ids live here; the Dutch labels are in `texts.nl`. One signal proves nothing, so the
catalogue has no weights and nothing here draws a conclusion.
"""

from __future__ import annotations

FORMS: tuple[str, ...] = ("sexual", "labour", "criminal", "organ", "unknown")

SIGNAL_GROUPS: dict[str, tuple[str, ...]] = {
    "general": (
        "forced_sex_or_money",
        "dangerous_work_long_days",
        "unpaid_or_underpaid",
        "no_own_passport",
        "false_promises",
        "abused_or_threatened",
        "debt_to_employer",
        "no_control_bank_account",
        "paid_off_books",
        "lives_at_workplace",
        "does_not_know_address",
    ),
    "dependency": (
        "others_arrange_housing_transport",
        "did_not_arrange_own_travel",
        "false_papers",
        "fear_deportation_or_violence",
        "socially_isolated",
        "debt_taken_over",
        "no_contact_outside",
        "medical_care_withheld",
        "no_freedom_of_movement",
        "earnings_handed_over",
        "threats_against_family",
    ),
    "sexual": (
        "sudden_provocative_appearance",
        "physical_complaints_or_injuries",
        "name_tattoo",
        "withdrawn_or_emotional",
        "sudden_money_or_goods",
        "drugs_or_alcohol",
        "called_very_often",
        "many_visitors_at_dwelling",
        "ads_always_available",
    ),
    "minors": (
        "truancy",
        "must_always_be_reachable",
        "expensive_gifts",
        "older_controlling_contacts",
        "runs_away",
        "night_side_jobs",
    ),
    "criminal": (
        "asked_to_deliver_or_lend_card",
        "accounts_or_contracts_in_name",
        "imposed_debt_fine",
        "blackmail_debts_or_images",
        "vulnerable_person",
    ),
    "labour": ("employer_is_landlord",),
    "counter": (
        "many_registrations_one_address",
        "frequent_moves",
        "overcrowding",
        "false_documents_at_counter",
        "someone_else_talks_or_holds_id",
    ),
    "organ": ("organ_removal",),
}

FORM_GROUPS: dict[str, tuple[str, ...]] = {
    "sexual": ("general", "dependency", "sexual", "minors", "counter"),
    "labour": ("general", "dependency", "labour", "counter"),
    "criminal": ("general", "dependency", "criminal", "minors", "counter"),
    "organ": ("organ", "general", "dependency"),
    "unknown": (
        "general",
        "dependency",
        "sexual",
        "minors",
        "criminal",
        "labour",
        "counter",
        "organ",
    ),
}


def groups_for(form: str) -> tuple[str, ...]:
    return FORM_GROUPS.get(form, FORM_GROUPS["unknown"])


def signals_for(form: str) -> frozenset[str]:
    return frozenset(s for g in groups_for(form) for s in SIGNAL_GROUPS[g])


# Every signal of the catalogue: the report card offers all groups.
ALL_SIGNALS: frozenset[str] = frozenset(s for ids in SIGNAL_GROUPS.values() for s in ids)
