"""The knowledge base: entries in data files that a functional admin edits, validated at start.

One TOML file per entry (id, title, order, answer, questions, keywords); phone numbers live in
`_numbers.toml` and are written into answers as {nummer:<id>}, so a number is corrected once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_NUMBER_REF = re.compile(r"\{nummer:([a-z0-9_]+)\}")
NUMBERS_FILE = "_numbers.toml"
SYNONYMS_FILE = "_synonyms.toml"
DATA_FILES = (NUMBERS_FILE, SYNONYMS_FILE)


class KnowledgeError(ValueError):
    """A knowledge file is missing, unreadable or inconsistent; the message names the file."""


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


@dataclass(frozen=True)
class KnowledgeBase:
    entries: tuple[Entry, ...]
    numbers: tuple[PhoneNumber, ...]
    synonyms: dict[str, str]  # variant -> the word it is read as

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)


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
    filled = _NUMBER_REF.sub(lambda m: numbers[m.group(1)].number, answer.strip())
    return Entry(
        entry_id,
        title.strip(),
        order,
        filled,
        _strings(data, "questions", where, minimum=2),
        _strings(data, "keywords", where, minimum=1),
    )


def _synonyms(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    raw = _read(path).get("synoniemen", {})
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{path.name}: needs a [synoniemen] table")
    variants: dict[str, str] = {}
    for word, alternatives in raw.items():
        if not isinstance(alternatives, list) or not all(
            isinstance(a, str) and a.strip() for a in alternatives
        ):
            raise KnowledgeError(f"{path.name}: synoniemen.{word} must be a list of words")
        for alternative in alternatives:
            key = alternative.strip().lower()
            if variants.get(key, word) != word:
                raise KnowledgeError(
                    f"{path.name}: '{key}' is listed under both {variants[key]} and {word}"
                )
            variants[key] = word
    return variants


def load_knowledge(directory: Path) -> KnowledgeBase:
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
    return KnowledgeBase(
        tuple(sorted(entries, key=lambda e: (e.order, e.id))),
        tuple(numbers.values()),
        _synonyms(directory / SYNONYMS_FILE),
    )
