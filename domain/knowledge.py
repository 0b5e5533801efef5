"""The knowledge base: entries in data files that a functional admin edits, validated at start.

One TOML file per entry (id, title, order, answer, questions, keywords); phone numbers live in
`_numbers.toml` and are written into answers as {nummer:<id>}, so a number is corrected once.
An answer may hold {routing:<fact>}: who holds a role comes from the routing file, filled in
by the service (`with_routing_facts`). `_synonyms.toml` lists words staff use for the
knowledge base's words, `_nood.toml` the words that put the acute-danger answer first,
`_onderwerp.toml` the core words of the subject and the words that only say who asks.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from domain.lexicon import Lexicon, dutch_lexicon, english_lexicon

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_NUMBER_REF = re.compile(r"\{nummer:([a-z0-9_]+)\}")
ROUTING_REF = re.compile(r"\{routing:([a-z0-9_]+)\}")
ROUTING_FACTS = ("taakaccenthouders", "aandachtsfunctionarissen")
NUMBERS_FILE = "_numbers.toml"
SYNONYMS_FILE = "_synonyms.toml"
EMERGENCY_FILE = "_nood.toml"
SUBJECT_FILE = "_onderwerp.toml"
EXAMPLES_FILE = "_examples.tsv"
NOT_ANSWERED = "-"  # the label of an example question the knowledge base should not answer
DATA_FILES = (NUMBERS_FILE, SYNONYMS_FILE, EMERGENCY_FILE, SUBJECT_FILE)
MAX_PHRASE_WORDS = 3


class KnowledgeError(ValueError):
    """A knowledge file is missing, unreadable or inconsistent; the message names the file."""


Labelled = tuple[str, tuple[str, ...]]  # a question, the entries that answer it (empty: none)


@dataclass(frozen=True)
class PhoneNumber:
    id: str
    label: str
    number: str


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    order: int
    answer: str  # with numbers filled in
    questions: tuple[str, ...]
    keywords: tuple[str, ...]
    # The answer as written, {routing:...} references kept: what the matcher reads, so that how
    # questions are matched does not change with who holds a role.
    template: str = ""


@dataclass(frozen=True)
class Emergency:
    """Words that put the acute-danger entry first; weak words only together with one of
    only_with and without any of not_with."""

    entry_id: str
    words: tuple[str, ...]
    weak_words: tuple[str, ...] = ()
    only_with: tuple[str, ...] = ()
    not_with: tuple[str, ...] = ()
    # Verb forms that are no danger where their sentence ends with one of their particles
    # (a Dutch separable verb: 'slaat de bot mijn naam op' is storing, not hitting).
    separable: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    entries: tuple[Entry, ...]
    numbers: tuple[PhoneNumber, ...]
    synonyms: dict[str, str]  # variant (a word or a phrase) -> what it is read as
    emergency: Emergency | None = None
    core_words: tuple[str, ...] = ()  # the subject's words (see _onderwerp.toml)
    lexicon: Lexicon = field(default_factory=Lexicon)  # known Dutch words, never "corrected"
    english: Lexicon = field(default_factory=Lexicon)  # common English words, never "corrected"
    # Words that say who asks or where ('kcc', 'huisbezoek'), not what is asked: they do not
    # count against an entry as a word it does not know (see _onderwerp.toml).
    asker_words: tuple[str, ...] = ()
    # Core words that are about reporting in general ('vermoeden', 'politie'): they put a
    # question on the subject, but not one that is about a rare word the knowledge base does
    # not know ('hoe meld ik een vermoeden van witwassen').
    general_core_words: tuple[str, ...] = ()
    # Words of a question about the asker's own job or another service ('mijn loonstrook',
    # 'aanvragen'): without a core word, such a question is off the subject.
    other_subject_words: tuple[str, ...] = ()
    # Labelled questions as staff type them (`_examples.tsv`): the matcher learns from them
    # which entry a question is about, or that none is (no labels).
    examples: tuple[Labelled, ...] = ()

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def with_routing_facts(self, facts: dict[str, str]) -> KnowledgeBase:
        """The same knowledge with every {routing:<fact>} written out; unknown facts left empty."""

        def fill(answer: str) -> str:
            return ROUTING_REF.sub(lambda m: facts.get(m.group(1), ""), answer).strip()

        entries = tuple(
            replace(e, answer=fill(e.answer), template=e.template or e.answer) for e in self.entries
        )
        return replace(self, entries=entries)


def _strings(data: dict[str, Any], key: str, where: str, *, minimum: int) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(f"{where}: {key} must be a list of non-empty texts")
    if len(value) < minimum:
        raise KnowledgeError(f"{where}: {key} needs at least {minimum}")
    return tuple(v.strip() for v in value)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise KnowledgeError(f"{path.name}: not valid TOML: {error}") from None


def _numbers(path: Path) -> dict[str, PhoneNumber]:
    if not path.is_file():
        raise KnowledgeError(f"{path.name} is missing")
    raw = _read(path).get("nummers")
    if not isinstance(raw, dict) or not raw:
        raise KnowledgeError(f"{path.name}: needs [nummers.<id>] tables")
    numbers = {}
    for number_id, item in raw.items():
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) and item[k].strip() for k in ("label", "number")
        ):
            raise KnowledgeError(f"{path.name}: nummers.{number_id} needs a label and a number")
        numbers[number_id] = PhoneNumber(number_id, item["label"].strip(), item["number"].strip())
    return numbers


def _entry(path: Path, numbers: dict[str, PhoneNumber]) -> Entry:
    data = _read(path)
    where = path.name
    entry_id, title, answer, order = (
        data.get("id"),
        data.get("title"),
        data.get("answer"),
        data.get("order", 999),
    )
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        raise KnowledgeError(f"{where}: id must be lower-case letters, digits and -")
    if path.stem != entry_id:
        raise KnowledgeError(f"{where}: the file name must be the id ({entry_id}.toml)")
    if not isinstance(title, str) or not title.strip():
        raise KnowledgeError(f"{where}: title is required")
    if not isinstance(answer, str) or not answer.strip():
        raise KnowledgeError(f"{where}: answer is required")
    if not isinstance(order, int):
        raise KnowledgeError(f"{where}: order must be a whole number")
    for reference in _NUMBER_REF.findall(answer):
        if reference not in numbers:
            raise KnowledgeError(
                f"{where}: answer uses {{nummer:{reference}}}, which is not in {NUMBERS_FILE}"
            )
    for fact in ROUTING_REF.findall(answer):
        if fact not in ROUTING_FACTS:
            raise KnowledgeError(
                f"{where}: answer uses {{routing:{fact}}}; known are "
                + ", ".join(f"{{routing:{f}}}" for f in ROUTING_FACTS)
            )
    filled = _NUMBER_REF.sub(lambda m: numbers[m.group(1)].number, answer.strip())
    return Entry(
        entry_id,
        title.strip(),
        order,
        filled,
        _strings(data, "questions", where, minimum=2),
        _strings(data, "keywords", where, minimum=1),
    )


def _phrases(value: Any, where: str) -> tuple[str, ...]:
    """A list of words or short phrases, lower case, single spaces."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeError(f"{where} must be a list of words")
    phrases = tuple(" ".join(v.lower().split()) for v in value)
    for phrase in phrases:
        if len(phrase.split()) > MAX_PHRASE_WORDS:
            raise KnowledgeError(f"{where}: '{phrase}' is longer than {MAX_PHRASE_WORDS} words")
    return phrases


def _synonyms(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    raw = _read(path).get("synoniemen", {})
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{path.name}: needs a [synoniemen] table")
    variants: dict[str, str] = {}
    for word, alternatives in raw.items():
        for key in _phrases(alternatives, f"{path.name}: synoniemen.{word}"):
            if variants.get(key, word) != word:
                raise KnowledgeError(
                    f"{path.name}: '{key}' is listed under both {variants[key]} and {word}"
                )
            variants[key] = word
    return variants


def _emergency(path: Path, entry_ids: set[str]) -> Emergency | None:
    if not path.is_file():
        return None
    raw = _read(path).get("nood")
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{path.name}: needs a [nood] table")
    entry_id = raw.get("antwoord")
    if entry_id not in entry_ids:
        raise KnowledgeError(f"{path.name}: antwoord must name an entry (got {entry_id!r})")
    return Emergency(
        entry_id,
        _phrases(raw.get("woorden"), f"{path.name}: woorden"),
        _phrases(raw.get("zwakke_woorden", []), f"{path.name}: zwakke_woorden"),
        _phrases(raw.get("alleen_met", []), f"{path.name}: alleen_met"),
        _phrases(raw.get("niet_bij", []), f"{path.name}: niet_bij"),
        _separable(raw.get("scheidbaar", {}), f"{path.name}: scheidbaar"),
    )


def _separable(value: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Single words, each with the particles that make it another verb."""
    if not isinstance(value, dict):
        raise KnowledgeError(f"{where} must be a table of words and their particles")
    found = []
    for word, particles in sorted(value.items()):
        phrases = _phrases(particles, f"{where}: {word}")
        if len(word.split()) != 1 or any(len(p.split()) != 1 for p in phrases):
            raise KnowledgeError(f"{where}: '{word}' and its particles must be single words")
        found.append((word.lower(), phrases))
    return tuple(found)


def _subject(path: Path) -> tuple[tuple[str, ...], ...]:
    """The subject's core words, the words that only say who asks, the general core words and
    the words of another subject."""
    if not path.is_file():
        return (), (), (), ()
    raw = _read(path).get("onderwerp")
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{path.name}: needs an [onderwerp] table")
    asker = _phrases(raw.get("wie_vraagt", []), f"{path.name}: wie_vraagt")
    if any(" " in word for word in asker):
        raise KnowledgeError(f"{path.name}: wie_vraagt holds single words only")
    general = _phrases(raw.get("algemene_kernwoorden", []), f"{path.name}: algemene_kernwoorden")
    other = _phrases(raw.get("ander_onderwerp", []), f"{path.name}: ander_onderwerp")
    return _phrases(raw.get("kernwoorden"), f"{path.name}: kernwoorden"), asker, general, other


def read_labelled(path: Path) -> list[Labelled]:
    """Questions with the entries that answer them ('a|b': best first for a reader; the model
    learns each alike), or '-' for none; one per line, separated by a tab; lines starting with
    '#' are comments."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if "\t" not in line:
            raise KnowledgeError(f"{path.name}:{number}: expected question<TAB>entries")
        question, labels = line.rsplit("\t", 1)
        expected = () if labels.strip() == NOT_ANSWERED else tuple(labels.strip().split("|"))
        items.append((question.strip(), expected))
    return items


def _examples(path: Path, entry_ids: set[str]) -> tuple[Labelled, ...]:
    if not path.is_file():
        return ()
    items = read_labelled(path)
    unknown = sorted({e for _q, labels in items for e in labels} - entry_ids)
    if unknown:
        raise KnowledgeError(f"{path.name} names entries that do not exist: {unknown}")
    return tuple(items)


def load_knowledge(directory: Path, lexicon: Lexicon | None = None) -> KnowledgeBase:
    """Read and check the folder; `lexicon` defaults to the Dutch word list (read once)."""
    if not directory.is_dir():
        raise KnowledgeError(f"knowledge folder {directory} does not exist")
    numbers = _numbers(directory / NUMBERS_FILE)
    entries = [
        _entry(path, numbers)
        for path in sorted(directory.glob("*.toml"))
        if path.name not in DATA_FILES
    ]
    if not entries:
        raise KnowledgeError(f"knowledge folder {directory} has no entries")
    ids = [e.id for e in entries]
    if len(ids) != len(set(ids)):
        raise KnowledgeError("two entries have the same id")
    core_words, asker_words, general_core_words, other_subject_words = _subject(
        directory / SUBJECT_FILE
    )
    return KnowledgeBase(
        tuple(sorted(entries, key=lambda e: (e.order, e.id))),
        tuple(numbers.values()),
        _synonyms(directory / SYNONYMS_FILE),
        _emergency(directory / EMERGENCY_FILE, set(ids)),
        core_words,
        dutch_lexicon() if lexicon is None else lexicon,
        asker_words=asker_words,
        general_core_words=general_core_words,
        other_subject_words=other_subject_words,
        english=english_lexicon() if lexicon is None else Lexicon(),
        examples=_examples(directory / EXAMPLES_FILE, set(ids)),
    )
