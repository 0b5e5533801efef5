"""Who may see what: the one place that decides it.

Views are the surfaces a case appears on. Handlers ask `may_view` before building a view,
and each view's card builder only receives the model for that view, so a pointer card cannot
show content even by mistake.
"""

from __future__ import annotations

from enum import StrEnum

from domain.routing import Routing
from domain.workflow import Role


class View(StrEnum):
    CHANNEL_POINTER = "channel_pointer"  # case number, form, urgency, state, assignee, age
    CASE_DETAIL = "case_detail"  # content, notes, history, enrichment
    REPORTER_IDENTITY = "reporter_identity"  # who reported: audited on every read
    TAH_SIGNAL = "tah_signal"  # the taakaccenthouder's view: reporter and summary
    OWN_STATUS = "own_status"  # the reporter's view of their own case: phase and dates


_VIEW_ROLES: dict[View, frozenset[Role]] = {
    # The pointer is safe for anyone in the coordinators' channel: it holds no personal data.
    View.CHANNEL_POINTER: frozenset(
        {Role.COORDINATOR, Role.TAAKACCENTHOUDER, Role.REPORTER, Role.SYSTEM}
    ),
    View.CASE_DETAIL: frozenset({Role.COORDINATOR}),
    View.REPORTER_IDENTITY: frozenset({Role.COORDINATOR}),
    View.TAH_SIGNAL: frozenset({Role.TAAKACCENTHOUDER}),
    View.OWN_STATUS: frozenset({Role.REPORTER}),
}


def may_view(view: View, roles: frozenset[Role]) -> bool:
    return bool(_VIEW_ROLES[view] & roles)


def roles_of(
    aad_object_id: str | None,
    routing: Routing,
    *,
    department: str | None = None,
    is_reporter: bool = False,
) -> frozenset[Role]:
    """The roles an Entra object id has, for one case (department and reporter) or in general."""
    roles: set[Role] = set()
    if routing.is_coordinator(aad_object_id):
        roles.add(Role.COORDINATOR)
    tah_departments = routing.departments_of_taakaccenthouder(aad_object_id)
    if tah_departments and (department is None or department in tah_departments):
        roles.add(Role.TAAKACCENTHOUDER)
    if is_reporter:
        roles.add(Role.REPORTER)
    return frozenset(roles)
