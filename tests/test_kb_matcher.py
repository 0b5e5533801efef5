"""The knowledge-base matcher: what it reads in a question, what the card shows, and that no
input costs more than a bounded amount of work and memory."""

from __future__ import annotations

import math
import os
import random
import string
import subprocess
import sys
import tracemalloc
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.kb_matcher import (
    MAX_TEXT,
    MAX_WORDS,
    SURE_FEATURES,
    Evidence,
    LearnedThresholds,
    Match,
    Matcher,
    Ranking,
    Thresholds,
    sentences_of,
    stem,
    words_of,
)
from domain.knowledge import Entry, KnowledgeBase, KnowledgeError, load_knowledge
from domain.lexicon import Lexicon, dutch_lexicon
from domain.routing import load_routing
from services.question_service import knowledge_with_routing

ROOT = Path(__file__).parent.parent
KNOWLEDGE = ROOT / "knowledge" / "nl"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge(KNOWLEDGE))


def first(matcher: Matcher, question: str) -> str | None:
    answer = matcher.answer(question)
    return answer.entry_ids[0] if answer.matches and answer.sure else None


def test_the_question_from_the_issue_gets_the_reporting_route(matcher: Matcher) -> None:
    assert first(matcher, "wat moet ik doen als ik denk dat iemand wordt uitgebuit?") == (
        "meldroute"
    )


@pytest.mark.parametrize(
    ("question", "not_into"),
    [
        ("hoe lang duurt het", "bang"),
        ("wanneer horen we iets", "oren"),
        ("het duurt lang", "dure"),
        ("hoort dat erbij", "soort"),
    ],
)
def test_a_real_dutch_word_is_never_corrected_into_another(
    matcher: Matcher, question: str, not_into: str
) -> None:
    assert stem(not_into) not in matcher.read(question).terms


def test_typos_are_corrected_to_knowledge_base_words(matcher: Matcher) -> None:
    assert first(matcher, "crimnele uitbuiting") == "criminele-uitbuiting"
    assert first(matcher, "arbeitsuitbuiting") == "arbeidsuitbuiting"
    assert stem("taakaccenthouder") in matcher.read("wie is de taakacenthouder").terms


def test_a_compound_is_split_when_one_part_is_a_knowledge_base_word(matcher: Matcher) -> None:
    assert stem("orgaan") in matcher.read("orgaanmaffia onder dwang").terms
    assert first(matcher, "orgaanmaffia onder dwang") == "orgaanhandel"
    # A compound is a kind of its last part: 'horecapersoneel' is staff, but a
    # 'personeelsvergadering' is a meeting, and the meeting is what it is about.
    staff = matcher.read("horecapersoneel")
    meeting = matcher.read("personeelsvergadering")
    assert stem("personeel") in staff.terms and stem("personeel") in meeting.terms
    assert meeting.terms[stem("personeel")] < staff.terms[stem("personeel")]
    assert sum(meeting.unknown) > sum(staff.unknown)
    # A common word is not taken apart: 'bijzonder' is not 'bij' + 'zonder'.
    assert stem("zonder") not in matcher.read("bijzonder verlof").terms


def test_english_words_and_abbreviations_reach_their_entries(matcher: Matcher) -> None:
    assert first(matcher, "money mule") == "criminele-uitbuiting"
    assert first(matcher, "wie is mijn tah") == "taakaccenthouder"
    assert "wat-is-mensenhandel" in matcher.answer("what is human trafficking").entry_ids
    assert stem("signaal") in matcher.read("signalen").terms  # 'signaal' known, so 'signalen'


def test_a_synonym_never_overrides_an_entry_s_own_word(tmp_path: Path) -> None:
    def entry(entry_id: str, keyword: str) -> Entry:
        return Entry(entry_id, entry_id, 1, "tekst", ("vraag een", "vraag twee"), (keyword,))

    knowledge = KnowledgeBase(
        (entry("werkgever-entry", "werkgever"), entry("baas-entry", "baas")),
        (),
        {"baas": "werkgever", "chef": "werkgever"},
        lexicon=Lexicon(),
    )
    matcher = Matcher(knowledge)
    assert matcher.answer("baas").entry_ids[0] == "baas-entry"  # its own word
    assert matcher.answer("chef").entry_ids[0] == "werkgever-entry"  # a synonym only


@pytest.mark.parametrize(
    "question",
    [
        "hij wordt geslagen bij de balie",
        "ze zit opgesloten in een kamer",
        "moet ik 112 bellen",
        "emergency",
        "iemand wordt bedreigd, welke signalen zijn dat",
        "het gebeurt nu bij de balie",
    ],
)
def test_emergency_words_put_acute_danger_first(matcher: Matcher, question: str) -> None:
    answer = matcher.answer(question)
    assert answer.emergency and answer.entry_ids[0] == "acuut-gevaar"


@pytest.mark.parametrize(
    "question",
    ["hij wordt geslagen bij de balie", "ze zit opgesloten in een kamer", "moet ik 112 bellen"],
)
def test_a_plain_emergency_gets_the_acute_danger_answer(matcher: Matcher, question: str) -> None:
    answer = matcher.answer(question)
    assert answer.sure and answer.entry_ids[0] == "acuut-gevaar"


def test_an_emergency_word_in_another_question_puts_acute_danger_first_as_a_choice(
    matcher: Matcher,
) -> None:
    # Asked about the signals, not about what to do now: the model does not find the
    # acute-danger entry likely, so the card offers it first among choices (and says to
    # call 112, cards/question_cards.py) instead of presenting it as the answer.
    question = "welke signalen horen bij iemand die bedreigd wordt"
    prediction, _emergency = matcher.predict(question)
    # The premise: the model finds another entry likelier and acute danger unlikely (each
    # entry's probability is its own since round 4o).
    assert prediction.ranked[0][0] != "acuut-gevaar"
    assert dict(prediction.ranked).get("acuut-gevaar", 0.0) < 0.2
    answer = matcher.answer(question)
    assert answer.emergency and not answer.sure
    assert answer.entry_ids[0] == "acuut-gevaar" and "signalen" in answer.entry_ids


@pytest.mark.parametrize(
    "question",
    ["politie bellen zonder spoed", "ik heb gemeld, wat nu", "wat gebeurt er nu met mijn signaal"],
)
def test_a_negated_or_after_the_fact_word_is_no_emergency(matcher: Matcher, question: str) -> None:
    assert not matcher.answer(question).emergency


def test_a_negated_emergency_word_does_not_count_for_the_acute_danger_entry(
    matcher: Matcher,
) -> None:
    assert stem("noodgeval") not in matcher.read("police non emergency number").terms
    assert first(matcher, "police non emergency number") == "politie"
    assert stem("noodgeval") in matcher.read("is this an emergency").terms


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("how do i report a suspicion", "meldroute"),
        ("can i change my report", "melding-intrekken"),
        ("the employer keeps their passports and pays almost nothing", "arbeidsuitbuiting"),
    ],
)
def test_english_questions_reach_their_entries(matcher: Matcher, question: str, entry: str) -> None:
    assert first(matcher, question) == entry


def test_a_question_in_everyday_words_needs_an_entry_that_explains_more_of_it(
    matcher: Matcher,
) -> None:
    # 'balie' is a word of the signals entry, but without any of the subject's words the
    # question is probably about the front desk itself.
    assert matcher.rank("is de balie morgen open").matches[0].entry.id == "signalen"
    assert matcher.answer("is de balie morgen open").matches == ()
    assert first(matcher, "op welke signalen let ik aan de balie") == "signalen"
    # Several words an entry uses itself describe the subject as well as a core word does,
    # and outweigh a rare word the knowledge base does not know ('bedrijfsterrein').
    described = "werknemers slapen in een loods op het bedrijfsterrein"
    assert matcher.read(described).off_subject and not matcher.read(described).on_subject
    assert "arbeidsuitbuiting" in matcher.answer(described).entry_ids


@pytest.mark.parametrize(
    "question",
    [
        "waar kan ik mijn fiets laten repareren",
        "wat is het recept voor appeltaart",
        "hoe lang duurt een omgevingsvergunning",
        "wie wint het wk voetbal",
    ],
)
def test_a_question_outside_the_knowledge_base_gets_dont_know(
    matcher: Matcher, question: str
) -> None:
    assert matcher.answer(question).matches == ()


def test_names_do_not_count_as_what_is_asked(matcher: Matcher) -> None:
    with_names = matcher.read("mijn collega Karel Doornbos twijfelt over uitbuiting")
    without = matcher.read("mijn collega twijfelt over uitbuiting")
    assert with_names.unknown == without.unknown


def test_the_answers_are_the_same_under_any_hash_seed() -> None:
    code = (
        "import sys; from pathlib import Path; from tools.kb_eval import answers_digest; "
        "print(answers_digest(Path('knowledge/nl'), Path('knowledge/eval')))"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("0", "1", "2026")
    }
    assert len(digests) == 1 and len(next(iter(digests))) == 16


def _peak_bytes(matcher: Matcher, text: str) -> int:
    tracemalloc.start()
    try:
        matcher.answer(text)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_5000_character_word_and_1000_characters_of_random_words_use_bounded_memory(
    matcher: Matcher,
) -> None:
    rng = random.Random(11)
    random_words = ""
    while len(random_words) < 1000:
        random_words += "".join(rng.choice(string.ascii_lowercase) for _ in range(8)) + " "
    near_typos = " ".join(["mensenhandle", "uitbuitnig", "signalne"] * 60)[:1000]
    for text in ("x" * 5000, random_words[:1000], near_typos, "orgaandonatieformulier" * 45):
        # The 5,000-character word once took 23 GB; a 1,000-character word 530 MB per search.
        assert _peak_bytes(matcher, text) < 1_000_000, text[:30]


def test_only_a_bounded_number_of_words_is_read() -> None:
    assert len(words_of("woord " * 10_000)) == MAX_WORDS
    assert words_of("a" * 1500 + " uitbuiting") == ["uitbuiting"]  # the long 'word' is skipped
    assert words_of("x " * MAX_TEXT + "uitbuiting") == ["x"] * MAX_WORDS  # past MAX_TEXT: unread


def test_the_dutch_word_list_knows_common_words_and_not_typos() -> None:
    lexicon = dutch_lexicon()
    assert len(lexicon) > 300_000
    assert all(word in lexicon for word in ("lang", "horen", "duurt", "hoort", "orgaandonatie"))
    assert "crimnele" not in lexicon and "uitbuiteng" not in lexicon


def test_a_word_list_answers_by_its_digests_whatever_its_quick_filter_says() -> None:
    """The bit array by hash() only answers "not in it" sooner; every answer must be the one
    the digests give (and hash() differs between processes: kb-eval checks the answers under
    several PYTHONHASHSEEDs)."""
    from bisect import bisect_left

    from domain.lexicon import _digest

    def by_digest(lexicon: Lexicon, word: str) -> int:
        digest = _digest(word)
        at = bisect_left(lexicon._digests, digest)
        found = at < len(lexicon._digests) and lexicon._digests[at] == digest
        return lexicon._classes[at] if found else 0

    rng = random.Random(37)
    small = Lexicon([("mensenhandel", 5000), ("Straße", 120), ("één", 90_000), ("x", 0)])
    assert [small.frequency_class(w) for w in ("mensenhandel", "strasse", "een", "x")] == [
        3,
        0,
        4,
        0,
    ]
    assert small.frequency_class("stra\u00dfe") == 0  # not a plain word: never listed
    lexicon = dutch_lexicon()
    # Letters of common Dutch words, so that many are words of the list; and any letters.
    words = [
        "".join(rng.choice(letters) for _ in range(rng.randint(1, 9)))
        for letters in ("aeinorst", string.ascii_lowercase)
        for _ in range(10_000)
    ]
    words += ["lang", "horen", "duurt", "orgaandonatie", "crimnele", "mensenhandel", ""]
    answers = [lexicon._look_up(w) for w in words]
    assert answers == [by_digest(lexicon, w) for w in words]
    assert 0 < sum(1 for a in answers if a) < len(words)  # both kinds of answer were met
    assert Lexicon().frequency_class("woord") == 0  # an empty list knows nothing


def test_a_word_list_copied_from_another_process_answers_the_same() -> None:
    # Its quick filter is by hash(), which another process (another PYTHONHASHSEED)
    # computes otherwise: a copy must still find every word it lists.
    import base64
    import pickle

    code = (
        "import base64, pickle, sys; from domain.lexicon import Lexicon; "
        "words = [('mensenhandel', 5000)] + [(f'woord{n}', 100) for n in range(500)]; "
        "print(base64.b64encode(pickle.dumps(Lexicon(words))).decode())"
    )
    made = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONHASHSEED": "7"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    copied = pickle.loads(base64.b64decode(made.stdout))
    assert copied.frequency_class("mensenhandel") == 3
    assert all(copied.frequency_class(f"woord{n}") == 2 for n in range(500))
    assert copied.frequency_class("mensenhandle") == 0


def test_who_holds_a_role_comes_from_the_routing_file() -> None:
    knowledge = knowledge_with_routing(
        load_knowledge(KNOWLEDGE), load_routing(ROOT / "config" / "demo-routing.toml")
    )
    taakaccenthouder = knowledge.entry("taakaccenthouder")
    coordinators = knowledge.entry("aandachtsfunctionaris")
    assert taakaccenthouder and "Ahmed El Idrissi" in taakaccenthouder.answer
    assert "Wmo-consulenten: nog geen" in taakaccenthouder.answer
    assert coordinators and "Noor Bakker en Pieter de Groot" in coordinators.answer
    assert "{routing:" not in taakaccenthouder.answer + coordinators.answer


def test_an_unknown_routing_fact_stops_loading(tmp_path: Path) -> None:
    for name in ("_numbers.toml", "veilig-thuis.toml"):
        (tmp_path / name).write_text((KNOWLEDGE / name).read_text())
    path = tmp_path / "veilig-thuis.toml"
    path.write_text(
        path.read_text().replace('"""\nquestions', '{routing:onbekend}\n"""\nquestions')
    )
    with pytest.raises(KnowledgeError, match="routing:onbekend"):
        load_knowledge(tmp_path, Lexicon())


def test_every_synonym_leads_to_a_word_the_knowledge_base_uses(matcher: Matcher) -> None:
    knowledge = load_knowledge(KNOWLEDGE)
    dead = {
        target
        for target in knowledge.synonyms.values()
        if not all(stem(w) in matcher.read(w).terms for w in target.split())
    }
    assert dead == set()


def test_a_narrow_lead_is_the_answer_only_when_the_first_entry_explains_at_least_as_much(
    matcher: Matcher,
) -> None:
    knowledge = load_knowledge(KNOWLEDGE)
    one, two = knowledge.entry("signalen"), knowledge.entry("meldroute")
    assert one is not None and two is not None
    bar = Thresholds(min_score=0.3, min_coverage=0.1, sure_margin=0.1, close_margin=0.025)

    def card(first_coverage: float, lead: float) -> tuple[tuple[str, ...], bool]:
        ranking = Ranking(
            [Match(one, 1.0, first_coverage), Match(two, 1.0 - lead, 0.6)], False, False
        )
        answer = matcher.choose(ranking, bar)
        return answer.entry_ids, answer.sure

    assert card(0.8, 0.15) == (("signalen", "meldroute"), True)  # a clear lead
    assert card(0.8, 0.05) == (("signalen", "meldroute"), True)  # narrow, but explains more
    assert card(0.4, 0.05) == (("signalen", "meldroute"), False)  # narrow and explains less
    assert card(0.8, 0.01) == (("signalen", "meldroute"), False)  # a tie: choices


def test_kb_eval_says_so_when_the_held_out_part_has_no_questions(tmp_path: Path) -> None:
    from tools.kb_eval import evaluate, run

    knowledge = _two_parts(
        tmp_path, ("meldcode uitleg", "meldcode"), ("veilig thuis bellen", "veilig-thuis")
    )
    (tmp_path / "nl-heldout.tsv").write_text("# header only\n\n")
    lines = run(knowledge, tmp_path, check_hash_seeds=False)
    assert "held-out: no questions" in lines
    assert any(line.startswith("examples (2 blind parts, each answered by") for line in lines)
    held_out = evaluate(knowledge, tmp_path)["held-out"]
    assert (held_out.in_scope, held_out.out_of_scope, held_out.p99_ms) == (0, 0, 0.0)


def test_english_function_words_do_not_count_as_unknown_words(matcher: Matcher) -> None:
    # 'does', 'it' and 'long' are no Dutch words; read as rare unknown words they made the
    # question look like one about something else.
    reading = matcher.read("how long does it take")
    assert reading.unknown == [] and not reading.off_subject
    assert first(matcher, "how long does it take") == "doorlooptijd"


def test_a_word_that_only_says_who_asks_is_no_evidence_either_way(matcher: Matcher) -> None:
    # 'kcc' and 'huisbezoek' say where the question comes from, not what it is about.
    assert matcher.read("ik werk bij het kcc, wat zijn signalen").unknown == []
    assert matcher.read("bij een huisbezoek zag ik matrassen in een kamer").unknown == [
        u for u in matcher.read("ik zag matrassen in een kamer").unknown
    ]
    # Labelled 'signalen|arbeidsuitbuiting' among the examples: both answer it.
    assert first(matcher, "ik zag bij huisbezoek 8 matrassen in 1 kamer") in (
        "signalen",
        "arbeidsuitbuiting",
    )
    # They do not put a question on the subject either.
    assert matcher.answer("wanneer is het volgende huisbezoek").matches == ()


def test_a_small_number_counts_only_as_an_age(matcher: Matcher) -> None:
    # '15' occurs in the minors entry ('een 15-jarige'); '15 mensen' are no minors.
    counted = matcher.read("er staan 15 mensen ingeschreven op een adres")
    assert "15" not in counted.terms and stem("minderjarig") not in counted.terms
    assert first(matcher, "er staan 15 mensen ingeschreven op een adres") == "signalen"
    assert stem("minderjarig") in matcher.read("meisje van 15 met een oudere vriend").terms


def test_a_synonym_wins_over_a_word_that_only_shares_a_stem_with_an_entry(
    matcher: Matcher,
) -> None:
    # 'kinds' stems to 'kind' (a child, the minors entry); it is listed as English for 'vormen'.
    reading = matcher.read("what kinds of exploitation are there")
    assert stem("vormen") in reading.terms and stem("kind") not in reading.terms
    assert first(matcher, "what kinds of exploitation are there") == "vormen"
    # A word an entry uses itself is still read as itself ('slachtoffers' is no synonym).
    assert stem("slachtoffers") in matcher.read("slachtoffers").terms


def test_a_general_core_word_does_not_outweigh_a_rare_unknown_word(matcher: Matcher) -> None:
    # 'vermoeden' is about reporting in general; the question is about money laundering.
    laundering = matcher.read("hoe meld ik een vermoeden van witwassen")
    assert laundering.off_subject
    assert matcher.answer("hoe meld ik een vermoeden van witwassen").matches == ()
    assert first(matcher, "hoe meld ik een vermoeden van uitbuiting") == "meldroute"
    # A subject word still outweighs it: 'uitbuiting' with an unknown word is answered.
    assert not matcher.read("vermoeden van uitbuiting in een aspergeschuur").off_subject


def test_scenarios_in_everyday_words_reach_their_entries(matcher: Matcher) -> None:
    assert first(matcher, "klant wordt altijd gebracht door een man die het woord doet") == (
        "signalen"
    )
    assert first(matcher, "mijn vriend dwingt me om met andere mannen te slapen") == (
        "zelf-slachtoffer"
    )
    assert first(matcher, "poolse werknemers wonen met 12 man in een rijtjeshuis") == (
        "arbeidsuitbuiting"
    )
    assert first(matcher, "will they know it was me") == "wie-weet-dat-ik-meldde"
    assert first(matcher, "wie is de af") == "aandachtsfunctionaris"
    assert first(matcher, "szw bellen bij uitbuiting") == "arbeidsinspectie"


def test_asker_words_are_single_words(tmp_path: Path) -> None:
    for name in ("_numbers.toml", "veilig-thuis.toml"):
        (tmp_path / name).write_text((KNOWLEDGE / name).read_text())
    (tmp_path / "_onderwerp.toml").write_text(
        '[onderwerp]\nkernwoorden = ["mensenhandel"]\nwie_vraagt = ["bij het kcc"]\n'
    )
    with pytest.raises(KnowledgeError, match="wie_vraagt"):
        load_knowledge(tmp_path, Lexicon())


@pytest.mark.parametrize(
    "question",
    ["waar vind ik mijn loonstrook", "hoe vraag ik een uitkering aan", "who is my manager"],
)
def test_a_question_about_the_askers_own_job_or_another_service_gets_dont_know(
    matcher: Matcher, question: str
) -> None:
    # Each shares a word with an entry ('loonstrook', 'uitkering', 'manager') and has no rare
    # word, so only the words of another subject keep it from a confident wrong answer.
    assert matcher.rank(question).matches
    assert matcher.read(question).off_subject
    assert matcher.answer(question).matches == ()


def test_a_core_word_outweighs_the_words_of_another_subject(matcher: Matcher) -> None:
    assert first(matcher, "werkgever houdt paspoort in en betaalt mijn loon niet") == (
        "arbeidsuitbuiting"
    )
    assert first(matcher, "opvang aanvragen voor een slachtoffer") == "hulp-voor-slachtoffers"


def test_a_separable_verb_is_read_with_its_particle(matcher: Matcher) -> None:
    # 'schakel ... in' is 'inschakelen', 'vraag ... door' is 'doorvragen'.
    assert stem("inschakelen") in matcher.read("schakel ik zelf de politie in").terms
    assert stem("doorvragen") in matcher.read("hoe vraag ik door zonder dat het opvalt").terms
    assert first(matcher, "ik trek mijn melding in") == "melding-intrekken"
    # 'wat houdt dat in' asks what something means, not about withholding pay.
    assert stem("inhouding") not in matcher.read("wat houdt dat in").terms
    # Bounded: a question full of particles costs no more than MAX_SEPARABLE_TRIES forms.
    assert matcher.answer(" ".join(["schakel", "in", "door", "op", "aan"] * 10)) is not None


def test_a_common_english_word_is_never_corrected_into_a_dutch_one(matcher: Matcher) -> None:
    # 'stay' is one edit from 'stap'; it is English, not a typo.
    assert stem("stap") not in matcher.read("where can a victim stay").terms
    assert stem("mensenhandel") in matcher.read("mensenhandle").terms  # a typo still is


def test_another_form_of_a_dutch_synonym_is_read_as_it(matcher: Matcher) -> None:
    # 'pinpas' is listed for 'bankpas'; its plural is read the same way.
    assert stem("bankpas") in matcher.read("er worden pinpassen verzameld").terms
    # ... but not for an English synonym, whose Dutch stem is odd ('living' -> 'lif').
    assert stem("wonen") not in matcher.read("de lift zit vast").terms


def test_an_entry_must_use_the_words_that_say_what_is_asked(matcher: Matcher) -> None:
    # 'arbeidsuitbuiting' leads to its entry, but the question is how often it happens in the
    # Netherlands, which no entry says: 'vaak' and 'nederland' are not in that entry.
    question = "hoe vaak komt arbeidsuitbuiting voor in nederland"
    ranked = matcher.rank(question).matches
    labour = next(m for m in ranked if m.entry.id == "arbeidsuitbuiting")
    assert labour.subject_share < matcher.thresholds.min_subject_share
    assert matcher.answer(question).matches == ()
    assert matcher.choose(matcher.rank(question), Thresholds(min_subject_share=0.0)).matches
    # What the entry does cover is answered.
    assert first(matcher, "wat is arbeidsuitbuiting") == "arbeidsuitbuiting"
    # A common English word is no rare word: 'saw' says little, 'verblijfsvergunning' much.
    assert matcher.read("i saw signs").subject == matcher.read("signs").subject
    assert matcher.read("verblijfsvergunning").subject[0][1] == 3


def test_let_is_dutch_for_paying_attention_not_an_english_stopword(matcher: Matcher) -> None:
    assert "let" in matcher.read("waar let ik op bij een klant").terms
    assert first(matcher, "waar let ik op bij een klant") == "signalen"


def test_a_threat_to_kill_puts_the_acute_danger_answer_first(matcher: Matcher) -> None:
    answer = matcher.answer("klant zegt dat ze vermoord wordt als ze vanavond niet terug gaat")
    assert answer.emergency and answer.entry_ids[0] == "acuut-gevaar"


def test_forced_begging_and_surrogacy_are_answered_from_the_policy(matcher: Matcher) -> None:
    assert first(matcher, "valt gedwongen bedelen onder mensenhandel") == "criminele-uitbuiting"
    assert first(matcher, "is gedwongen draagmoederschap ook mensenhandel") == "orgaanhandel"
    knowledge = load_knowledge(KNOWLEDGE)
    assert "bedelen" in knowledge.entry("criminele-uitbuiting").answer  # type: ignore[union-attr]
    assert "draagmoederschap" in knowledge.entry("orgaanhandel").answer  # type: ignore[union-attr]


def test_hours_and_pay_no_employer_may_offer_point_to_labour_exploitation(
    matcher: Matcher,
) -> None:
    for question in ("hij werkt 70 uur per week", "ze krijgen 3 euro per uur"):
        assert "onderbetaald" in matcher.read(question).terms
    # Ordinary hours and pay, and a number that is no hours or pay, are not.
    for question in ("ik werk 8 uur per dag", "ze verdient 2500 euro per maand", "om 5 uur busjes"):
        assert "onderbetaald" not in matcher.read(question).terms
    question = "man vertelt dat hij 70 uur per week werkt voor 500 euro per maand"
    assert first(matcher, question) == "arbeidsuitbuiting"


def _knowledge_copy(tmp_path: Path, extra_examples: str = "", *, only: bool = False) -> Path:
    """The real knowledge folder copied, with lines added to its examples (or, `only`, with
    just these lines as examples: a few models train in a second instead of a minute)."""
    copy = tmp_path / "nl"
    copy.mkdir(parents=True)
    for path in KNOWLEDGE.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    with (copy / "_examples.tsv").open("w" if only else "a", encoding="utf-8") as examples:
        examples.write(extra_examples)
    return copy


def _two_parts(tmp_path: Path, *parts: tuple[str, str]) -> Path:
    """The knowledge folder with FEW_EXAMPLES outside any part, then one part per
    (question, entry) given."""
    marked = "".join(
        f"# part: p{n}\n{question}\t{entry}\n" for n, (question, entry) in enumerate(parts)
    )
    return _knowledge_copy(tmp_path / "kb", FEW_EXAMPLES + marked, only=True)


# A few examples of both kinds, outside any part, for evaluations that train many models.
FEW_EXAMPLES = "".join(
    f"{question}\t{label}\n"
    for question, label in [
        ("hoe meld ik een signaal", "meldroute"),
        ("wie is mijn tah", "taakaccenthouder"),
        ("nummer van de politie", "politie"),
        ("signalen van loverboys", "loverboy"),
        ("waar vind ik mijn loonstrook", "-"),
        ("wat eten we vandaag", "-"),
    ]
)


def test_a_labelled_example_teaches_the_matcher_a_way_of_asking(tmp_path: Path) -> None:
    # Staff jargon the knowledge base's word lists do not know: unanswered at first; three
    # labelled examples of it, and the next matcher answers it with their entry.
    question = "paarse olifant protocol hoe werkt dat"
    assert Matcher(load_knowledge(KNOWLEDGE)).answer(question).entry_ids[:1] != ("meldroute",)
    taught = _knowledge_copy(
        tmp_path,
        "paarse olifant protocol\tmeldroute\nhoe werkt het paarse olifant protocol\tmeldroute\n"
        "paarse olifant wat moet ik doen\tmeldroute\n",
    )
    answer = Matcher(load_knowledge(taught)).answer(question)
    assert answer.entry_ids[0] == "meldroute" and answer.sure


def test_the_model_also_learns_from_the_typoed_copies_of_the_labelled_questions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from domain import kb_learned
    from domain.kb_typos import typo_copies

    # With a question two entries answer: each learned example keeps all its entries.
    both = "klant slaapt op het werk wat nu\tmeldroute|arbeidsuitbuiting\n"
    taught = load_knowledge(_knowledge_copy(tmp_path, FEW_EXAMPLES + both, only=True))
    assert (
        "klant slaapt op het werk wat nu",
        ("meldroute", "arbeidsuitbuiting"),
    ) in taught.examples
    copies = typo_copies(taught.examples)
    assert len(copies) >= 2 and all(copy not in taught.examples for copy in copies)
    learned: list[kb_learned.Example] = []
    original = kb_learned.train

    def recording(examples: list[kb_learned.Example], *rest: Any) -> kb_learned.LearnedModel:
        learned.extend(examples)
        return original(examples, *rest)

    # As in a new process (trained, not taken from memory), without emptying the models the
    # other tests share.
    monkeypatch.setattr(kb_learned, "_trained", {})
    monkeypatch.setattr(kb_learned, "train", recording)
    Matcher(taught)
    for question, labels in (*taught.examples, *copies):
        assert (question, labels) in learned


def test_a_question_answered_by_two_entries_teaches_the_model_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A made-up word, so that only these examples say what it is about. Learned for its first
    # entry only (the multinomial model before round 4o), the same examples gave the first
    # entry 0.95 and the second 0.008.
    from domain import kb_learned

    both = "zwompelgeval\tmeldroute|signalen\n" * 3 + "zwompelsignaal\tsignalen\n"
    monkeypatch.setattr(kb_learned, "_trained", {})
    taught = Matcher(load_knowledge(_knowledge_copy(tmp_path, FEW_EXAMPLES + both, only=True)))
    probabilities = dict(taught.predict("zwompelgeval")[0].ranked)
    assert probabilities["meldroute"] > 0.5 and probabilities["signalen"] > 0.5
    assert max(p for e, p in probabilities.items() if e not in ("meldroute", "signalen")) < 0.2


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéë0123456789?", max_size=12)))
def test_a_typoed_word_is_at_most_one_edit_away_and_keeps_its_last_letter(words: list[str]) -> None:
    from rapidfuzz.distance import OSA

    from domain.kb_typos import MIN_LETTERS, with_typos

    text = " ".join(w for w in words if w)
    always = with_typos(text, 1.0, random.Random(3))
    assert with_typos(text, 1.0, random.Random(3)) == always  # the same every time
    assert with_typos(text, 0.0, random.Random(3)) == " ".join(text.split())
    for before, after in zip(text.split(), always.split(), strict=True):
        if len(before) < MIN_LETTERS or not before.isalpha():
            assert after == before
        else:
            assert OSA.distance(before, after) <= 1 and after[-1] == before[-1]


def test_an_example_for_a_missing_entry_stops_loading(tmp_path: Path) -> None:
    broken = _knowledge_copy(tmp_path, "wat is dit\tbestaat-niet\n")
    with pytest.raises(KnowledgeError, match="bestaat-niet"):
        load_knowledge(broken)


def test_cross_validation_answers_each_example_by_a_model_that_did_not_learn_it(
    tmp_path: Path,
) -> None:
    from tools.kb_eval import FOLDS, Evaluation, folds_of

    questions = [f"vraag {n}" for n in range(100)]
    folds = folds_of([*questions, "Vraag 7?"])  # the same question again, written otherwise
    assert (
        sorted(set(folds)) == list(range(FOLDS)) and min(map(folds[:100].count, set(folds))) == 20
    )
    assert folds[-1] == folds[7]
    # A made-up word learned only from its own example: the model of its fold never saw it,
    # so that model cannot answer it, while the model learned from all examples does.
    taught = _knowledge_copy(tmp_path, FEW_EXAMPLES + "zwompelpraat\tloverboy\n", only=True)
    (tmp_path / "nl-heldout.tsv").write_text("# none\n")
    evaluation = Evaluation(taught, tmp_path)
    assert not evaluation.by_parts and len(evaluation.per_fold) == FOLDS
    number = len(evaluation.examples) - 1
    assert evaluation.examples[number] == ("zwompelpraat", ("loverboy",))
    assert evaluation.matcher.answer("zwompelpraat").entry_ids[:1] == ("loverboy",)
    assert "loverboy" not in evaluation.cross_validated(number, "zwompelpraat").entry_ids


def test_each_blind_part_among_the_examples_is_answered_by_a_model_that_did_not_learn_it(
    tmp_path: Path,
) -> None:
    from tools.kb_eval import Evaluation, folds_of_parts, parts_of

    examples = tmp_path / "examples.tsv"
    examples.write_text(
        "# written examples\nvraag een\t-\n# part: blind-1\n# a comment inside it\n"
        "vraag twee\t-\n\nvraag drie\t-\n# part: -\nvraag vier\t-\n# part: blind-2\n"
        "vraag vijf\t-\n# part: blind-1\nvraag zes\t-\n"
    )
    parts = parts_of(examples)
    assert parts == [None, "blind-1", "blind-1", None, "blind-2", "blind-1"]
    questions = ["een", "twee", "drie", "vier", "vijf", "zes"]
    assert folds_of_parts(parts, questions) == [None, 0, 0, None, 1, 0]
    # Without parts: 5-fold cross-validation, every example measured.
    assert None not in folds_of_parts([None] * 6, questions)
    # Two made-up words, each learned only in its own part: the model of that part never saw
    # it, the model of the other part did; the examples outside the parts are not measured.
    taught = _two_parts(tmp_path, ("zwompelpraat", "loverboy"), ("krobbeltaal", "comensha"))
    (tmp_path / "nl-heldout.tsv").write_text("# none\n")
    evaluation = Evaluation(taught, tmp_path)
    last = len(evaluation.examples) - 1
    assert evaluation.by_parts and evaluation.measured == [last - 1, last]
    assert "loverboy" not in evaluation.cross_validated(last - 1, "zwompelpraat").entry_ids
    assert "comensha" not in evaluation.cross_validated(last, "krobbeltaal").entry_ids
    assert evaluation.per_fold[evaluation.fold[last]].answer("zwompelpraat").entry_ids[:1] == (
        "loverboy",
    )
    assert evaluation.per_fold[evaluation.fold[last - 1]].answer("krobbeltaal").entry_ids[:1] == (
        "comensha",
    )
    # Only the parts' questions are listed as misses, never the examples outside them.
    missed = "\n".join(evaluation.misses())
    assert "zwompelpraat" in missed and "krobbeltaal" in missed and "tah" not in missed


def test_a_part_mark_written_otherwise_is_refused(tmp_path: Path) -> None:
    from tools.kb_eval import parts_of

    for mark in ("#part: a", "# Part: a", "# part : a"):
        examples = tmp_path / "examples.tsv"
        examples.write_text(f"{mark}\nvraag een\t-\n# parts of speech: a comment\n")
        with pytest.raises(SystemExit, match=r"examples\.tsv:1"):
            parts_of(examples)


def test_room_is_the_smallest_margin_to_any_of_the_four_bars() -> None:
    from tools.kb_eval import room

    assert room((0.87, 0.96, 0.02, 0.85)) == pytest.approx(0.01)  # top-3 has the least room
    assert room((0.90, 0.99, 0.035, 0.95)) == pytest.approx(-0.005)  # confident-wrong missed
    assert room((0.84, 0.99, 0.0, 0.99)) < 0 < room((0.86, 0.96, 0.029, 0.81))


def test_margins_are_each_bars_room_smallest_first() -> None:
    from tools.kb_eval import margins

    assert margins((0.86, 0.958, 0.032, 0.85)) == pytest.approx((-0.002, 0.008, 0.01, 0.05))
    assert margins((0.86, 0.953, 0.032, 0.85))[1] == pytest.approx(0.003)


def test_calibration_prefers_room_then_the_next_bars_room_then_the_surest_rule() -> None:
    from domain.kb_matcher import LearnedThresholds
    from tools.kb_eval import preference

    def bar(sure: float, max_none: float = 0.7) -> LearnedThresholds:
        return LearnedThresholds(max_none=max_none, sure=sure)

    # Equal room (confident-wrong 0.2 points out): the one with more room on top-3 wins,
    # although the other's rule is surer.
    roomier = preference((0.86, 0.958, 0.032, 0.85), bar(0.7))
    tighter = preference((0.86, 0.953, 0.032, 0.85), bar(0.9))
    assert roomier < tighter
    # More room on the smallest margin wins over anything behind it.
    assert preference((0.851, 0.951, 0.029, 0.81), bar(0.5)) < roomier
    # Everything equal: the surer rule, then the lower "none of them" threshold.
    scores = (0.86, 0.96, 0.02, 0.85)
    assert preference(scores, bar(0.8)) < preference(scores, bar(0.7))
    assert preference(scores, bar(0.8, 0.6)) < preference(scores, bar(0.8, 0.7))


def test_the_rule_for_being_sure_learns_from_questions_the_knowledge_base_should_not_answer(
    matcher: Matcher,
) -> None:
    from domain.kb_learned import Prediction
    from tools.kb_eval import fit_sure_weights

    def seen(first: float, none: float) -> Evidence:
        ranked = (("meldroute", first), ("politie", 0.02))
        return Evidence(Prediction(ranked, none), emergency=False, lexical_first="meldroute")

    # In scope: a clear first entry, right when likelier. Out of scope: a weak first entry
    # while 'none of them' is likely; its entry never answers.
    evidence, items = [], []
    for step in range(40):
        first = 0.3 + 0.0125 * step
        evidence.append(seen(first, 0.05))
        items.append(("", ("meldroute",) if step % 4 else ("politie",)))
        evidence.append(seen(0.2, 0.4 + 0.01 * step))
        items.append(("", ()))
    weights = fit_sure_weights(evidence, items, matcher)
    none_weight = weights[1 + SURE_FEATURES.index("none")]
    assert none_weight < 0  # fitted on in-scope questions alone it could not be learned
    rule = LearnedThresholds(sure_weights=weights, sure=0.5)
    assert rule.is_sure(seen(0.8, 0.05).sure_features("meldroute"))
    assert not rule.is_sure(seen(0.2, 0.7).sure_features("meldroute"))


def test_a_model_kept_in_the_cache_folder_is_read_instead_of_trained_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from domain import kb_learned

    knowledge = load_knowledge(KNOWLEDGE)
    questions = [q for q, _labels in knowledge.examples[::40]]
    kb_learned._trained.clear()  # as in a new process
    trained = Matcher(knowledge, model_cache=tmp_path)
    [saved] = list(tmp_path.glob("kb-model-*.npz"))
    expected = [trained.answer(q) for q in questions]

    def no_training(*_args: object) -> None:
        raise AssertionError("trained again")

    kb_learned._trained.clear()
    monkeypatch.setattr(kb_learned, "train", no_training)
    read = Matcher(knowledge, model_cache=tmp_path)
    assert [read.answer(q) for q in questions] == expected
    # A file that is not a model is trained anew and written again; so is one that is cut off.
    monkeypatch.undo()
    for damage in (b"not a model", saved.read_bytes()[:1000]):
        saved.write_bytes(damage)
        kb_learned._trained.clear()
        again = Matcher(knowledge, model_cache=tmp_path)
        assert [again.answer(q) for q in questions] == expected
        labels = trained.model.labels  # type: ignore[union-attr]
        assert kb_learned.load(saved, labels).labels == labels


def test_a_cache_folder_that_cannot_be_written_only_costs_the_training(tmp_path: Path) -> None:
    from domain import kb_learned

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    kb_learned._trained.clear()
    matcher = Matcher(load_knowledge(KNOWLEDGE), model_cache=blocked / "cache")
    assert matcher.answer("wat is de meldroute").entry_ids[:1] == ("meldroute",)
    assert blocked.read_text() == "not a folder"


def test_a_damaged_cached_model_is_never_used_and_never_stops_the_matcher(tmp_path: Path) -> None:
    # Flipped bytes made numpy and zipfile raise errors of many kinds (TokenError,
    # NotImplementedError, ...): each must read as "not a saved model", nothing else.
    from domain import kb_learned

    knowledge = load_knowledge(KNOWLEDGE)
    kb_learned._trained.clear()
    trained = Matcher(knowledge, model_cache=tmp_path)
    [saved] = list(tmp_path.glob("kb-model-*.npz"))
    labels = trained.model.labels  # type: ignore[union-attr]
    original = saved.read_bytes()
    rng = random.Random(16)
    outcomes = set()
    for _ in range(60):
        damaged = bytearray(original)
        for _flip in range(rng.randint(1, 8)):
            damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
        saved.write_bytes(bytes(damaged))
        try:
            loaded = kb_learned.load(saved, labels)
        except ValueError:
            outcomes.add("refused")
            continue
        # Read at all only when what it holds is intact (the flips hit no data: zip CRCs).
        assert np.array_equal(loaded.coefficients, trained.model.coefficients)  # type: ignore[union-attr]
        assert np.array_equal(loaded.idf, trained.model.idf)  # type: ignore[union-attr]
        outcomes.add("loaded")
    assert "refused" in outcomes
    # A model saved for other labels (another knowledge base) is refused too, and the matcher
    # trains its own instead.
    other = kb_learned.LearnedModel(
        {"wx": 0}, np.ones(1), np.zeros((1, 2)), np.zeros(2), ("-", "no-such-entry")
    )
    kb_learned.save(other, saved)
    with pytest.raises(ValueError, match="other labels"):
        kb_learned.load(saved, labels)
    # IDF weights below 1 cannot come from training (smooth IDF is at least 1); a question's
    # features divide by their length, which such weights could make 0.
    model = trained.model
    assert model is not None
    for idf in (np.zeros_like(model.idf), model.idf * 0.5):
        kb_learned.save(
            kb_learned.LearnedModel(
                model.index, idf, model.coefficients, model.intercept, model.labels
            ),
            saved,
        )
        with pytest.raises(ValueError, match="IDF weights below 1"):
            kb_learned.load(saved, labels)
    kb_learned._trained.clear()
    again = Matcher(knowledge, model_cache=tmp_path)
    assert again.answer("wat is de meldroute").entry_ids[:1] == ("meldroute",)
    assert kb_learned.load(saved, labels).labels == labels


def test_a_cached_model_is_used_only_for_the_same_knowledge(tmp_path: Path) -> None:
    from domain import kb_learned

    knowledge = load_knowledge(KNOWLEDGE)
    kb_learned._trained.clear()
    Matcher(knowledge, model_cache=tmp_path)
    Matcher(knowledge.with_routing_facts({"taakaccenthouders": "Jan"}), model_cache=tmp_path)
    assert len(list(tmp_path.glob("kb-model-*.npz"))) == 1  # who holds a role changes nothing
    changed = replace(knowledge, synonyms={**knowledge.synonyms, "zwompel": "uitbuiting"})
    kb_learned._trained.clear()
    Matcher(changed, model_cache=tmp_path)
    assert len(list(tmp_path.glob("kb-model-*.npz"))) == 2  # another synonym: another model


def test_nothing_reachable_keeps_a_word_of_a_question_once_answered(
    matcher: Matcher,
) -> None:
    """A name typed by staff must not stay in memory: once a question was answered (and its
    one-click suggestions made), nothing reachable from the loaded modules or the matcher
    holds one of its words: not the word lists, the typo corrections or compound splits, nor
    the model."""
    import gc

    # Built at run time, so that no constant of this module is such a word.
    name, typo, compound = "vandersteen" + "hoven", "mensen" + "hndel", "orgaan" + "maffiabaas"
    question = f"mijn collega Kwadwo {name.title()} twijfelt over {typo} en {compound}"
    matcher.answer(question)
    matcher.likely(question)
    needles = {name, typo, compound, "kwad" + "wo"}
    del name, typo, compound, question
    gc.collect()

    # Everything reachable from the loaded modules and the matcher (dicts and tuples of
    # strings are not tracked by the collector, so gc.get_objects() alone would miss them).
    seen = {id(needles)}
    found: list[str] = []
    todo: list[object] = [matcher, *sys.modules.values()]
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, str):
            if item in needles:
                found.append(item)
            continue
        if isinstance(item, dict):
            todo.extend(item.keys())  # the collector does not visit a dict's string keys
        todo.extend(gc.get_referents(item))
    assert found == []
    assert len(seen) > 100_000  # the walk reached the knowledge base and the word lists


def test_typo_correction_finds_what_comparing_with_every_word_finds(matcher: Matcher) -> None:
    """Candidates are left out by their letters before they are compared (_closest); that must
    never leave out the word a full comparison would choose."""
    every = Matcher.__new__(Matcher)
    every.__dict__.update(matcher.__dict__)
    every._nearby = {length: (words, None) for length, (words, _) in matcher._nearby.items()}
    assert any(letters is not None for _words, letters in matcher._nearby.values())
    rng = random.Random(29)
    letters = string.ascii_lowercase + string.digits
    known = sorted(matcher._surface)
    words: list[str] = []
    for length in range(4, 21):
        words += ["".join(rng.choice(letters) for _ in range(length)) for _ in range(40)]
    for word in rng.sample(known, 300):  # typos of knowledge-base words: one or two edits
        typo = list(word)
        for _edit in range(rng.randint(1, 2)):
            at = rng.randrange(len(typo))
            kind = rng.randrange(4)
            if kind == 0 and len(typo) > 4:
                del typo[at]
            elif kind == 1:
                typo.insert(at, rng.choice(letters))
            elif kind == 2:
                typo[at] = rng.choice(letters)
            elif at + 1 < len(typo):
                typo[at], typo[at + 1] = typo[at + 1], typo[at]
        words.append("".join(typo))
    words = [w for w in words if 4 <= len(w) <= 20]
    found = [matcher._closest(w) for w in words]
    assert found == [every._closest(w) for w in words]
    assert sum(f is not None for f in found) > 250  # most typos were corrected


@given(
    st.lists(
        st.text(alphabet=string.ascii_lowercase[:8] + "nrst019", min_size=1, max_size=14),
        max_size=24,
    )
)
@settings(max_examples=300, deadline=None)
def test_the_character_n_grams_the_model_finds_are_those_of_each_word(
    matcher: Matcher, words: list[str]
) -> None:
    """The n-grams of a question are looked up all at once as integer codes; they must be
    exactly the known ones among each padded word's n-grams (_grams), each as often."""

    from domain.kb_learned import _grams

    model = matcher.model
    assert model is not None
    expected = Counter(
        model.index[gram] for word in words for gram in _grams(word) if gram in model.index
    )
    assert Counter(model._known_grams(words).tolist()) == expected


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=200))
def test_a_block_of_columns_is_counted_as_numpy_counts_it(columns: list[int]) -> None:
    """The model's features are counted per column by a lean np.unique (kb_learned._counted):
    the same columns in the same order with the same counts and types."""
    from domain.kb_learned import _counted

    block = np.array(columns, dtype=np.intp)
    found, counts = _counted(block)
    expected_found, expected_counts = np.unique(block, return_counts=True)
    assert found.tolist() == expected_found.tolist() and found.dtype == expected_found.dtype
    assert counts.tolist() == expected_counts.tolist() and counts.dtype == expected_counts.dtype


def test_the_code_table_finds_each_code_it_holds_and_no_other() -> None:
    """The model's n-gram codes are looked up in a cuckoo-hashed table (domain/code_table.py):
    every code it holds gives its column, as often as it is asked, and a code it does not hold
    gives nothing, also when it hashes to an occupied slot. Codes from a narrow range, so that
    many share slots and are moved between the tables while it is built."""
    from domain.code_table import CodeTable

    rng = random.Random(31)
    held = rng.sample(range(1 << 20), 30_000)
    columns = {code: rng.randrange(100_000) for code in held}
    table = CodeTable(held, [columns[code] for code in held])
    asked = [rng.randrange(1 << 20) for _ in range(20_000)] + rng.sample(held, 5_000) * 2
    found = table.columns_of(np.array(asked, dtype=np.int64))
    expected = Counter(columns[code] for code in asked if code in columns)
    assert Counter(found.tolist()) == expected
    assert sum(expected.values()) > 10_000  # both held and other codes were asked


def test_codes_the_tables_cannot_place_at_first_are_placed_in_larger_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When no multipliers place every code (here: at most two moves per insertion), the
    tables grow until they do, and still find each code they hold and no other."""
    import domain.code_table as code_table

    monkeypatch.setattr(code_table, "MAX_KICKS", 2)
    rng = random.Random(37)
    held = rng.sample(range(1 << 20), 5_000)
    table = code_table.CodeTable(held, list(range(len(held))))
    assert table._bits > len(held).bit_length() + 1  # it had to grow
    others = [c for c in rng.sample(range(1 << 20), 5_000) if c not in set(held)]
    found = table.columns_of(np.array(held + others, dtype=np.int64))
    assert sorted(found.tolist()) == list(range(len(held)))


@given(
    st.text(
        alphabet=st.sampled_from([*"aeKLzÉÀßé .!?,\n\t", "\u00a0", "\u2003"]),
        max_size=60,
    )
)
@settings(max_examples=500, deadline=None)
def test_names_are_those_the_name_pattern_finds(text: str) -> None:
    """names_in skips the name pattern when no capital follows a space; the names must be
    those the pattern finds, in texts of (accented) capitals, letters, Unicode spaces,
    newlines and sentence marks."""
    from domain.kb_matcher import _NAME, fold, names_in

    assert names_in(text) == frozenset(fold(m.group(1)) for m in _NAME.finditer(text))


def test_a_long_decomposed_question_reads_as_decomposing_it_whole() -> None:
    """A question is decomposed (NFKD) a piece at a time up to a limit; without its combining
    marks, that must be what decomposing it whole and cutting it at the limit gives."""
    import unicodedata

    from domain.kb_matcher import DECOMPOSED_PIECE, _plain

    def whole(text: str, limit: int | None) -> str:
        decomposed = unicodedata.normalize("NFKD", text.lower())[:limit]
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

    rng = random.Random(31)
    pool = [chr(c) for c in range(0x20, 0x3000) if not 0xD800 <= c < 0xE000]
    pool += ["\ufdfa", "\ufb01", "\u0301", "\u0327", "\u0316", "\u05b0", "\uac00", "e\u0301"]
    texts = [
        "".join(rng.choice(pool) for _ in range(rng.choice([5, DECOMPOSED_PIECE, 700, 2000])))
        for _ in range(150)
    ]
    # Marks of several classes across the seam between two pieces, and in the one cut off.
    for before in range(DECOMPOSED_PIECE - 6, DECOMPOSED_PIECE + 2):
        texts.append("a" * before + "e\u0327\u0301\u0316\u05b0" * 8 + "\ufdfa" * 300)
    for text in texts:
        for limit in (None, 1, DECOMPOSED_PIECE + 3, 2 * MAX_TEXT):
            assert _plain(text, limit) == whole(text, limit)
    assert len(_plain("\ufdfa" * MAX_TEXT, 2 * MAX_TEXT)) == 2 * MAX_TEXT


def test_only_what_is_kept_of_a_question_is_decomposed(monkeypatch: pytest.MonkeyPatch) -> None:
    # U+FDFA decomposes into 18 characters: of 2,000 of them, the first 4,000 characters of
    # the decomposition are read, so one piece is decomposed, not all 36,000 characters.
    import unicodedata

    from domain.kb_matcher import DECOMPOSED_PIECE

    decomposed: list[int] = []
    normalize = unicodedata.normalize

    def counting(form: str, text: str) -> str:  # type: ignore[misc]
        decomposed.append(len(text))
        return normalize(form, text)

    monkeypatch.setattr(unicodedata, "normalize", counting)
    words_of("\ufdfa" * MAX_TEXT)
    assert sum(decomposed) <= DECOMPOSED_PIECE


def test_examples_that_tell_nothing_apart_leave_the_lexical_matcher_in_charge() -> None:
    # One entry and no question it should not answer: nothing for a model to learn to tell
    # apart; the lexical ranking answers.
    only = Entry("enige", "Enige vraag", 1, "tekst", ("vraag een", "vraag twee"), ("enig",))
    knowledge = KnowledgeBase(
        (only,), (), {}, lexicon=Lexicon(), examples=(("iets over enig", ("enige",)),)
    )
    matcher = Matcher(knowledge)
    assert matcher.model is None
    assert matcher.answer("enig").entry_ids == ("enige",)


@pytest.mark.parametrize(
    ("question", "emergency"),
    [
        ("slaat de bot mijn naam op?", False),  # opslaan: storing
        ("is dit AI? slaat microsoft mijn vragen op", False),
        ("de taakaccenthouder sloeg mijn melding over, wat nu", False),  # overslaan: skipping
        ("wat als mijn melding nergens op slaat, krijg ik dan gedonder", False),  # 'op slaat'
        ("hij slaat haar op straat", True),  # 'op' does not end the sentence
        # Unpunctuated chat: the particle at the end belongs to another clause.
        ("hij slaat zijn vrouw en daar maak ik me zorgen over", True),
        ("mijn buurman slaat zijn vrouw wat moet ik doen waar let ik op", True),
        ("ze slaat haar kind en ik maak me er zorgen over", True),
        ("hij slaat haar en de bot slaat dit op", True),  # only the nearest takes the particle
        ("hij slaat haar\uff01 de bot slaat dit op", True),  # a full-width '!' ends a sentence
        ("ik zag dat hij haar op straat sloeg", True),  # 'straat' comes between
        ("hij slaat haar in elkaar", True),
        ("slaat de bot dit op? hij slaat haar", True),
    ],
)
def test_a_separable_verb_is_no_emergency_where_its_particle_ends_the_sentence(
    matcher: Matcher, question: str, emergency: bool
) -> None:
    assert matcher.read(question).emergency is emergency


@pytest.mark.parametrize(
    "question", ["hij slaat haar. is dat erg", "\ufdfa, slaat, a. b! c? " * 40, "a, " * 900]
)
def test_the_words_per_sentence_are_the_words_of_the_question(question: str) -> None:
    assert [w for sentence in sentences_of(question) for w in sentence] == words_of(question)


def test_the_sure_rule_is_never_sure_of_numbers_that_are_not_finite() -> None:
    bar = LearnedThresholds()
    assert bar.is_sure((1.0, 1.0, 0.0, 0.0, 1.0))
    assert not bar.is_sure((math.nan, 1.0, 0.0, 0.0, 1.0))
    assert not bar.is_sure((math.inf, -math.inf, 0.0, 0.0, 1.0))
    with pytest.raises(ValueError, match="sure_weights"):
        LearnedThresholds(sure_weights=(0.0, 1.0))


def test_the_word_lists_keep_no_word_of_a_question_once_it_was_read(matcher: Matcher) -> None:
    lexicon = dutch_lexicon()
    matcher.read("mijn collega Doornbos vertelde over de zwager van Karel in Utrecht")
    assert lexicon.remembered == 0
    # Within a question each word is looked up once, and its answer is the list's.
    assert lexicon.frequency_class("mensenhandel") == lexicon.frequency_class("mensenhandel") > 0
    assert lexicon.remembered == 1
    lexicon.forget()


@pytest.mark.parametrize(
    "question",
    [
        "wat moet ik doen als ik denk dat iemand wordt uitgebuit",
        "signalen signalen signalen van arbeidsuitbuiting",
        " ".join(["aaaaaa"] * 40),  # an n-gram counted more than 63 times
        "a b 1 22 333 x9y qzxvw mensenhandle 14jr ééé straße",  # short, odd and unknown words
        "slaat " + "a, " * 700,  # more words than MAX_GRAMS lets count
        "",  # no features at all
    ],
)
def test_the_features_of_a_question_are_tf_idf_per_kind_to_the_last_bit(
    matcher: Matcher, question: str
) -> None:
    """Counted and weighed by numpy, the features must be exactly what one feature at a time
    gives: (1 + ln count) x IDF, each kind divided by its length summed in order; the model
    is trained on them, and its solver stops at a tolerance, so other rounding would learn
    other weights and answer some questions otherwise."""

    from domain.kb_learned import _blocks

    model = matcher.model
    assert model is not None
    reading = matcher.read(question)
    # Read terms twice and one the model does not know: each known one counts once.
    terms = sorted(reading.terms)
    terms = terms + terms[:2] + ["zzonbekend"]
    columns, values = model.vector(reading.words, terms)
    blocks = _blocks(reading.words, terms)
    expected_columns: list[int] = []
    expected_values: list[float] = []
    for block in blocks:
        counts = Counter({model.index[f]: n for f, n in block.items() if f in model.index})
        weights = [
            (column, (1.0 + math.log(count)) * float(model.idf[column]))
            for column, count in sorted(counts.items())
        ]
        total = 0.0
        for _c, w in weights:  # left to right (Python 3.12's sum() compensates)
            total += w * w
        norm = math.sqrt(total)
        expected_columns += [c for c, _w in weights]
        expected_values += [w / norm for _c, w in weights]
    assert columns.tolist() == expected_columns
    assert values.tolist() == expected_values
    assert bool(expected_columns) == bool(question)
    if question.startswith("aaaaaa"):  # the path beyond the table of logarithms
        assert max(blocks[0].values()) > 63
