"""One catalogue per language: the same names, the same keys, the same placeholders."""

from __future__ import annotations

import ast
import inspect
import re
import string
from pathlib import Path
from types import ModuleType

import pytest

import texts
from texts import en, nl, t

ROOT = Path(__file__).parent.parent
CODE = ("bot", "cards", "dialogs", "services", "tools")


def names(module: ModuleType) -> set[str]:
    """The texts of a catalogue: its public constants and its formatting functions."""
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and name != "annotations"
        and (name.isupper() or inspect.isfunction(value))
    }


def fields(text: str) -> list[str]:
    return sorted({name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name})


def test_english_has_every_dutch_name_and_no_other() -> None:
    assert sorted(names(nl) - names(en)) == [], "missing in texts/en.py"
    assert sorted(names(en) - names(nl)) == [], "missing in texts/nl.py"


def same_shape(name: str, dutch: dict[object, object], english: dict[object, object]) -> None:
    """A table of texts (perhaps of tables): the same keys, and per text the same placeholders,
    empty only where the other is."""
    assert set(dutch) == set(english), name
    for key, value in dutch.items():
        other = english[key]
        if isinstance(value, dict):
            assert isinstance(other, dict), (name, key)
            same_shape(f"{name}[{key}]", value, other)
            continue
        assert isinstance(value, str) and isinstance(other, str), (name, key)
        assert fields(value) == fields(other), (name, key)
        assert bool(other.strip()) == bool(value.strip()), (name, key)


@pytest.mark.parametrize("module", [nl, en], ids=["nl", "en"])
def test_no_text_is_defined_twice(module: ModuleType) -> None:
    """A second definition silently replaces the first (two merged branches chose one name)."""
    tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
    defined: list[str] = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        defined += [t.id for t in targets if isinstance(t, ast.Name)]
        if isinstance(node, ast.FunctionDef):
            defined.append(node.name)
    assert sorted({n for n in defined if defined.count(n) > 1}) == []


@pytest.mark.parametrize("name", sorted(names(nl)))
def test_each_text_has_the_same_shape_in_both_languages(name: str) -> None:
    dutch, english = getattr(nl, name), getattr(en, name, None)
    assert type(dutch) is type(english), name
    if inspect.isfunction(dutch):
        assert inspect.signature(dutch) == inspect.signature(english), name
    elif isinstance(dutch, tuple):
        assert len(dutch) == len(english) and all(english), name
    elif isinstance(dutch, dict):
        same_shape(name, dutch, english)
    else:
        assert fields(dutch) == fields(english), name
        # Empty only where Dutch is: the note that the knowledge base is Dutch is empty in
        # Dutch alone.
        assert english.strip() or not dutch.strip(), name


def test_every_text_the_code_names_exists() -> None:
    used: set[str] = set()
    for folder in CODE:
        for path in (ROOT / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            used |= set(re.findall(r"\bt\.([A-Z][A-Z0-9_]+)", source))
            used |= set(re.findall(r'message\(\s*"([A-Z][A-Z0-9_]+)"', source))
    assert used, "the scan found nothing"
    assert sorted(used - names(nl)) == []


def test_t_answers_in_the_language_of_the_turn() -> None:
    assert t.MENU_REPORT == nl.MENU_REPORT
    with texts.language("en"):
        assert t.MENU_REPORT == en.MENU_REPORT
    assert t.MENU_REPORT == nl.MENU_REPORT


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("en-US", "en"),
        ("en-GB", "en"),
        ("EN_us", "en"),
        ("nl-NL", "nl"),
        ("nl-BE", "nl"),
        ("de-DE", "nl"),
        ("", "nl"),
        (None, "nl"),
        (42, "nl"),
    ],
)
def test_the_language_follows_the_locale_with_dutch_as_default(
    locale: object, language: str
) -> None:
    assert texts.language_of(locale) == language


def test_a_message_is_written_later_in_the_recipients_language() -> None:
    spec = texts.message("FEEDBACK_TO_REPORTER", case_number="MH-1", feedback="x")
    assert texts.render(spec, "en") == en.FEEDBACK_TO_REPORTER.format(
        case_number="MH-1", feedback="x"
    )
    assert texts.render(spec, "nl").startswith("Terugkoppeling over je melding MH-1")
    keyed = texts.message("TAH_NOTICES", key="urgent", case_number="MH-1")
    assert texts.render(keyed, "en") == en.TAH_NOTICES["urgent"].format(case_number="MH-1")
