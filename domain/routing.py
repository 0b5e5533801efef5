"""Who is who in the route: departments and their taakaccenthouders, the coordinators
(aandachtsfunctionarissen) and the chain partners. Loaded from a TOML file and validated.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class RoutingConfigError(ValueError):
    """The routing file is missing, unreadable or inconsistent; the message says where."""


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    taakaccenthouders: tuple[str, ...]  # Entra object ids
    # Display names where the routing file gives them (object id, name), for staff who ask
    # who their taakaccenthouder is.
    taakaccenthouder_names: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Coordinator:
    aad_object_id: str
    name: str


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    # Days the partner usually takes to give feedback; None: the general setting applies.
    feedback_days: int | None = None


@dataclass(frozen=True)
class ChannelConfig:
    """The coordinators' channel when it is configured instead of linked with a command."""

    id: str
    service_url: str


@dataclass(frozen=True)
class Routing:
    departments: tuple[Department, ...]
    coordinators: tuple[Coordinator, ...]
    partners: tuple[Partner, ...]
    channel: ChannelConfig | None = None
    # Dates of the signaleringsoverleg ondermijning known in advance ([overleg] in the file).
    meeting_dates: tuple[date, ...] = ()

    def department(self, department_id: str) -> Department | None:
        return next((d for d in self.departments if d.id == department_id), None)

    @property
    def department_choices(self) -> tuple[tuple[str, str], ...]:
        return tuple((d.id, d.name) for d in self.departments)

    def is_coordinator(self, aad_object_id: str | None) -> bool:
        return any(c.aad_object_id == aad_object_id for c in self.coordinators)

    def coordinator_name(self, aad_object_id: str | None) -> str | None:
        return next((c.name for c in self.coordinators if c.aad_object_id == aad_object_id), None)

    def person_name(self, aad_object_id: str | None) -> str | None:
        """The name the routing file gives a coordinator or a taakaccenthouder, if any."""
        named = (oid_name for d in self.departments for oid_name in d.taakaccenthouder_names)
        return self.coordinator_name(aad_object_id) or next(
            (name for oid, name in named if oid == aad_object_id), None
        )

    def partner_name(self, partner_id: str) -> str | None:
        return next((p.name for p in self.partners if p.id == partner_id), None)

    def partner(self, partner_id: str) -> Partner | None:
        return next((p for p in self.partners if p.id == partner_id), None)

    def departments_of_taakaccenthouder(self, aad_object_id: str | None) -> tuple[str, ...]:
        if not aad_object_id:
            return ()
        return tuple(d.id for d in self.departments if aad_object_id in d.taakaccenthouders)


class LiveRouting(Routing):
    """The routing in force, as one object every part of the bot holds: when the routing file
    changes, `replace` swaps in the new one and every reader sees it from the next call on
    (roles are decided from it per request, so a removed person's access ends at once)."""

    def __init__(self, routing: Routing) -> None:
        object.__setattr__(self, "_current", routing)

    @property
    def current(self) -> Routing:
        return self._current  # type: ignore[attr-defined, no-any-return]

    def replace(self, routing: Routing) -> None:
        object.__setattr__(self, "_current", routing)

    @property  # type: ignore[override]
    def departments(self) -> tuple[Department, ...]:
        return self.current.departments

    @property  # type: ignore[override]
    def coordinators(self) -> tuple[Coordinator, ...]:
        return self.current.coordinators

    @property  # type: ignore[override]
    def partners(self) -> tuple[Partner, ...]:
        return self.current.partners

    @property  # type: ignore[override]
    def channel(self) -> ChannelConfig | None:
        return self.current.channel

    @property  # type: ignore[override]
    def meeting_dates(self) -> tuple[date, ...]:
        return self.current.meeting_dates

    def people(self) -> frozenset[str]:
        """Everyone with a role: taakaccenthouders and aandachtsfunctionarissen."""
        return people_of(self.current)


def people_of(routing: Routing) -> frozenset[str]:
    return frozenset(
        {oid for d in routing.departments for oid in d.taakaccenthouders}
        | {c.aad_object_id for c in routing.coordinators}
    )


def _people(data: dict[str, Any], key: str, where: str) -> tuple[tuple[str, str | None], ...]:
    """A list of Entra object ids, each either a string or {aad_object_id, name}."""
    value = data.get(key, [])
    if not isinstance(value, list):
        raise RoutingConfigError(f"{where}.{key} must be a list")
    people: list[tuple[str, str | None]] = []
    for i, item in enumerate(value):
        if isinstance(item, str) and item.strip():
            people.append((item.strip(), None))
            continue
        if not isinstance(item, dict):
            raise RoutingConfigError(
                f"{where}.{key}[{i}] must be an object id or {{ aad_object_id, name }}"
            )
        oid, name = item.get("aad_object_id"), item.get("name")
        if not isinstance(oid, str) or not oid.strip():
            raise RoutingConfigError(f"{where}.{key}[{i}].aad_object_id is required")
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise RoutingConfigError(f"{where}.{key}[{i}].name must be a non-empty text")
        people.append((oid.strip(), name.strip() if name else None))
    return tuple(people)


def _identified(data: Any, where: str) -> tuple[str, str]:
    if not isinstance(data, dict):
        raise RoutingConfigError(f"{where} must be a table")
    ident, name = data.get("id"), data.get("name")
    if not isinstance(ident, str) or not _ID.match(ident):
        raise RoutingConfigError(f"{where}.id must be lower-case letters, digits, - or _")
    if not isinstance(name, str) or not name.strip():
        raise RoutingConfigError(f"{where}.name is required")
    return ident, name.strip()


def parse_routing(data: dict[str, Any]) -> Routing:
    raw_departments = data.get("departments")
    if not isinstance(raw_departments, list) or not raw_departments:
        raise RoutingConfigError("at least one [[departments]] entry is required")
    departments = []
    for i, raw in enumerate(raw_departments):
        ident, name = _identified(raw, f"departments[{i}]")
        people = _people(raw, "taakaccenthouders", f"departments[{i}]")
        departments.append(
            Department(
                ident,
                name,
                tuple(oid for oid, _name in people),
                tuple((oid, person) for oid, person in people if person),
            )
        )
    raw_coordinators = data.get("coordinators")
    if not isinstance(raw_coordinators, list) or not raw_coordinators:
        raise RoutingConfigError(
            "at least one [[coordinators]] entry (aandachtsfunctionaris) is required"
        )
    coordinators = []
    for i, raw in enumerate(raw_coordinators):
        if not isinstance(raw, dict):
            raise RoutingConfigError(f"coordinators[{i}] must be a table")
        oid, name = raw.get("aad_object_id"), raw.get("name")
        if not isinstance(oid, str) or not oid.strip():
            raise RoutingConfigError(f"coordinators[{i}].aad_object_id is required")
        if not isinstance(name, str) or not name.strip():
            raise RoutingConfigError(f"coordinators[{i}].name is required")
        coordinators.append(Coordinator(oid.strip(), name.strip()))
    partners = tuple(
        _partner(raw, f"partners[{i}]") for i, raw in enumerate(data.get("partners", []))
    )
    for label, ids in (
        ("department", [d.id for d in departments]),
        ("partner", [p.id for p in partners]),
    ):
        duplicates = {x for x in ids if ids.count(x) > 1}
        if duplicates:
            raise RoutingConfigError(f"duplicate {label} id: {sorted(duplicates)[0]}")
    return Routing(
        tuple(departments),
        tuple(coordinators),
        partners,
        _channel(data.get("channel")),
        _meeting_dates(data.get("overleg")),
    )


def _partner(raw: Any, where: str) -> Partner:
    ident, name = _identified(raw, where)
    days = raw.get("feedback_days")
    if days is not None and (
        isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 365
    ):
        raise RoutingConfigError(f"{where}.feedback_days must be a whole number from 1 to 365")
    return Partner(ident, name, days)


def _meeting_dates(raw: Any) -> tuple[date, ...]:
    """[overleg] dates = [2026-12-03, ...]: TOML dates, as many as are planned."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise RoutingConfigError("[overleg] must be a table")
    dates = raw.get("dates", [])
    if not isinstance(dates, list) or not all(
        isinstance(d, date) and not isinstance(d, datetime) for d in dates
    ):
        raise RoutingConfigError(
            "overleg.dates must be a list of dates without quotes, e.g. [2026-12-03, 2027-01-07]"
        )
    return tuple(sorted(set(dates)))


def _channel(raw: Any) -> ChannelConfig | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise RoutingConfigError("[channel] must be a table")
    channel_id, service_url = raw.get("id"), raw.get("service_url")
    if not isinstance(channel_id, str) or not channel_id.startswith("19:"):
        raise RoutingConfigError("channel.id must be a Teams channel id (it starts with 19:)")
    if not isinstance(service_url, str) or not service_url.startswith(
        ("https://", "http://localhost", "http://127.0.0.1")
    ):
        raise RoutingConfigError(
            "channel.service_url must be an https URL (http only for localhost)"
        )
    return ChannelConfig(channel_id, service_url)


def load_routing(path: Path) -> Routing:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RoutingConfigError(f"routing file {path} does not exist") from None
    except tomllib.TOMLDecodeError as error:
        raise RoutingConfigError(f"routing file {path} is not valid TOML: {error}") from None
    try:
        return parse_routing(data)
    except RoutingConfigError as error:
        raise RoutingConfigError(f"routing file {path}: {error}") from None
