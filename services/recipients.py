"""Who in a department receives its signals and questions, as outbox recipients (pseudonyms)."""

from __future__ import annotations

from domain.routing import Routing
from storage.keyring import Keyring


def taakaccenthouder_recipients(
    routing: Routing, keyring: Keyring, department_id: str
) -> list[str]:
    """The outbox targets of the department's taakaccenthouders; empty if it has none."""
    department = routing.department(department_id)
    return [
        keyring.person_digest(oid) for oid in (department.taakaccenthouders if department else ())
    ]
