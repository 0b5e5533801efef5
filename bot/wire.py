"""Bot Framework models to and from their JSON wire form, without msrest's general machinery.

msrest 0.7 walks every model with a validating (de)serializer that rebuilds its type tables on
each call; for the inbound activity of every turn and the cards of every reply that was a
large share of a turn's CPU. These functions read the same attribute maps once and convert
directly. Inbound JSON whose shape does not fit the model's declared types (a number where a
string belongs, say) is handed to msrest unchanged, so odd input gets exactly msrest's result.
"""

from __future__ import annotations

import functools
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

import botbuilder.schema as schema
from msrest.serialization import Model

from cards.elements import JsonReady

M = TypeVar("M", bound=Model)


def to_wire(value: Any) -> Any:
    """The JSON form of a botbuilder model: its attribute map's keys, None left out."""
    if isinstance(value, JsonReady):
        return value
    if isinstance(value, Model):
        result = {}
        for attribute, spec in value._attribute_map.items():
            item = getattr(value, attribute, None)
            if item is not None:
                result[spec["key"]] = to_wire(item)
        return result
    if isinstance(value, dict):
        return {key: to_wire(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [to_wire(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


class _Unfit(Exception):
    """The JSON does not have the shape the model declares; msrest decides what it means."""


# One converter per declared msrest type name; a model name is resolved in botbuilder.schema.
_Converter = Any


def _plain(kind: type | tuple[type, ...]) -> _Converter:
    def convert(value: Any) -> Any:
        if not isinstance(value, kind) or isinstance(value, bool) is not (kind is bool):
            raise _Unfit
        return value

    return convert


def _timestamp(value: Any) -> datetime:
    if not isinstance(value, str):
        raise _Unfit
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise _Unfit from None


def _any(value: Any) -> Any:
    return value


_SIMPLE: dict[str, _Converter] = {
    "str": _plain(str),
    "bool": _plain(bool),
    "int": _plain(int),
    "float": _plain((int, float)),
    "object": _any,
    "iso-8601": _timestamp,
}


@functools.cache
def _converter(type_name: str) -> _Converter:
    if type_name.startswith("[") and type_name.endswith("]"):
        item = _converter(type_name[1:-1])

        def convert_list(value: Any) -> list[Any]:
            if not isinstance(value, list):
                raise _Unfit
            return [None if v is None else item(v) for v in value]

        return convert_list
    if type_name.startswith("{") and type_name.endswith("}"):
        item = _converter(type_name[1:-1])

        def convert_map(value: Any) -> dict[str, Any]:
            if not isinstance(value, dict):
                raise _Unfit
            return {k: None if v is None else item(v) for k, v in value.items()}

        return convert_map
    if type_name in _SIMPLE:
        return _SIMPLE[type_name]
    model = getattr(schema, type_name, None)
    if not (isinstance(model, type) and issubclass(model, Model)):
        raise LookupError(f"no converter for msrest type {type_name!r}")
    return lambda value: _model(model, value)


@functools.cache
def _fields(model: type[Model]) -> dict[str, tuple[str, _Converter]]:
    """Wire key -> (attribute, converter), from the model's attribute map."""
    return {
        spec["key"]: (attribute, _converter(spec["type"]))
        for attribute, spec in model._attribute_map.items()
    }


def _model(model: type[M], value: Any) -> M:
    if not isinstance(value, dict):
        raise _Unfit
    fields = _fields(model)
    known: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, item in value.items():
        field = fields.get(key)
        if field is None:
            extra[key] = item  # msrest keeps unknown keys too (Teams mention text, for one)
        else:
            attribute, convert = field
            known[attribute] = None if item is None else convert(item)
    instance = model(**known)
    instance.additional_properties = extra
    return instance


def from_wire(model: type[M], value: dict[str, Any]) -> M:
    """A botbuilder model from its JSON form, as `model().deserialize(value)` would build it."""
    try:
        return _model(model, value)
    except _Unfit:
        return model().deserialize(value)
