"""User-facing text, one catalogue module per language: Dutch (`nl`, the default) and English
(`en`), with the same names.

Code reads texts as `t.NAME` through `t`, which answers in the language of the current turn:
the Teams surface sets it from the client's locale at the start of each turn (`use_language`),
and the outbox sets it per recipient. Outside a turn it is Dutch. `catalogue(language)` gives a
fixed language's module where the turn's language is not the recipient's (the coordinators'
channel is always Dutch).

Texts meant for someone other than the person of the turn are not formatted at once: a
`message(name, ...)` records the text's name and its values, and `render` formats it later in
the recipient's language.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar, Token
from types import ModuleType
from typing import Any

from texts import en, nl

LANGUAGES: dict[str, ModuleType] = {"nl": nl, "en": en}
DEFAULT_LANGUAGE = "nl"
DEFAULT = nl

_current: ContextVar[str] = ContextVar("meldroute_language", default=DEFAULT_LANGUAGE)


def language_of(locale: object) -> str:
    """The language for a Teams client locale ('en-US', 'nl-NL', ...): English for any English
    locale, Dutch for everything else and when there is none."""
    if isinstance(locale, str) and locale.strip().lower().replace("_", "-").split("-")[0] == "en":
        return "en"
    return DEFAULT_LANGUAGE


def current_language() -> str:
    return _current.get()


def use_language(language: str) -> Token[str]:
    """Answer in `language` from now on in this task (reset with `reset_language`)."""
    return _current.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


def reset_language(token: Token[str]) -> None:
    _current.reset(token)


@contextlib.contextmanager
def language(name: str) -> Iterator[None]:
    token = use_language(name)
    try:
        yield
    finally:
        reset_language(token)


def catalogue(name: str | None = None) -> ModuleType:
    """The texts of one language (of the current turn when `name` is None)."""
    return LANGUAGES.get(name or _current.get(), DEFAULT)


class _Texts:
    """`t.NAME`: the text called NAME in the current language."""

    def __getattr__(self, name: str) -> Any:
        return getattr(LANGUAGES.get(_current.get(), DEFAULT), name)


t: Any = _Texts()


def message(name: str, *, key: str | None = None, **values: object) -> dict[str, Any]:
    """A text to be formatted later in the recipient's language: the catalogue name (and the
    key when the name is a table of texts) with the values to fill in."""
    spec: dict[str, Any] = {"name": name, "values": values}
    if key is not None:
        spec["key"] = key
    return spec


def render(spec: dict[str, Any], name: str | None = None) -> str:
    """Format a `message` in a language (the current one when `name` is None)."""
    texts = catalogue(name)
    template = getattr(texts, str(spec.get("name")))
    if isinstance(template, dict):
        template = template[spec.get("key")]
    values = spec.get("values") or {}
    return str(template).format(**{k: str(v) for k, v in values.items()})


__all__ = [
    "DEFAULT",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "catalogue",
    "current_language",
    "en",
    "language",
    "language_of",
    "message",
    "nl",
    "render",
    "reset_language",
    "t",
    "use_language",
]
