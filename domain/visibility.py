"""Who may see what: the one place that decides it.

Views are the surfaces a case appears on. Handlers ask `may_view` before building a view,
and each view's card builder only receives the model for that view, so a pointer card cannot
show content even by mistake.
"""

from __future__ import annotations

from enum import StrEnum

from domain.routing import Routing
from domain.workflow import Role, State


class View(StrEnum):
    CHANNEL_POINTER = "channel_pointer"  # case number, form, urgency, state, assignee, age
    CASE_DETAIL = "case_detail"  # content, notes, history, enrichment
    REPORTER_IDENTITY = "reporter_identity"  # who reported: audited on every read
    TAH_SIGNAL = "tah_signal"  # the taakaccenthouder's view: reporter and content
    TAH_PHASE = "tah_phase"  # what a taakaccenthouder sees once the signal is no longer theirs
    OWN_STATUS = "own_status"  # the reporter's view of their own case: phase and dates
    # A quick question to a taakaccenthouder (not a case): its text, the asker's name and,
    # once answered, what was sent; for the department's taakaccenthouders, and for the
    # aandachtsfunctionarissen, who answer it when nobody in the department does.
    QUESTION = "question"


_VIEW_ROLES: dict[View, frozenset[Role]] = {
    # The pointer is safe for anyone in the coordinators' channel: it holds no personal data.
    View.CHANNEL_POINTER: frozenset(
        {Role.COORDINATOR, Role.TAAKACCENTHOUDER, Role.REPORTER, Role.SYSTEM}
    ),
    View.CASE_DETAIL: frozenset({Role.COORDINATOR}),
    View.REPORTER_IDENTITY: frozenset({Role.COORDINATOR}),
    View.TAH_SIGNAL: frozenset({Role.TAAKACCENTHOUDER}),
    View.TAH_PHASE: frozenset({Role.TAAKACCENTHOUDER}),
    View.OWN_STATUS: frozenset({Role.REPORTER}),
    View.QUESTION: frozenset({Role.COORDINATOR, Role.TAAKACCENTHOUDER}),
}

# Views that exist only while a case is in certain states. The taakaccenthouder knows the
# reporter because they talk, so they see the signal only while it waits for them.
_VIEW_STATES: dict[View, frozenset[State]] = {
    View.TAH_SIGNAL: frozenset({State.RECEIVED}),
}


def may_view(view: View, roles: frozenset[Role], state: State | None = None) -> bool:
    """May someone with `roles` see `view` of a case in `state` (None: of any case)?"""
    if not _VIEW_ROLES[view] & roles:
        return False
    states = _VIEW_STATES.get(view)
    return states is None or (state is not None and state in states)


def view_table() -> list[tuple[View, frozenset[Role], frozenset[State] | None]]:
    """Every view, who may see it and in which states (docs/privacy.md is generated from it)."""
    return [(view, _VIEW_ROLES[view], _VIEW_STATES.get(view)) for view in View]


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
