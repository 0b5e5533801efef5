"""The case workflow as a table of states and transitions.

Every action on a case is looked up here: from which states it is allowed, to which state it
leads, and which role may perform it. Nothing outside this table decides that. Plain Python,
so it is tested without Teams or a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"  # with the taakaccenthouder of the reporter's department
    WITH_COORDINATOR = "with_coordinator"  # in the aandachtsfunctionarissen's channel, unclaimed
    IN_PROGRESS = "in_progress"  # claimed by an aandachtsfunctionaris
    HANDED_OVER = "handed_over"  # handed over to a chain partner
    CLOSED = "closed"


class Role(StrEnum):
    REPORTER = "reporter"  # the melder of this case
    TAAKACCENTHOUDER = "taakaccenthouder"  # of the case's department
    COORDINATOR = "coordinator"  # aandachtsfunctionaris mensenhandel
    SYSTEM = "system"  # deadlines and routing rules


class Action(StrEnum):
    TAH_NOTE = "tah_note"
    FORWARD = "forward"
    ESCALATE = "escalate"
    CLAIM = "claim"
    ASSIGN = "assign"
    NOTE = "note"
    ENRICH = "enrich"
    AGENDA = "agenda"
    HAND_OVER = "hand_over"
    REQUEST_FEEDBACK = "request_feedback"
    RECORD_FEEDBACK = "record_feedback"
    CLOSE = "close"
    REOPEN = "reopen"
    VIEW = "view"
    REVEAL_REPORTER = "reveal_reporter"
    ASK_REPORTER = "ask_reporter"  # a question to the reporter, without revealing them
    REPORTER_ANSWER = "reporter_answer"  # the reporter answers it (or declines)
    ADD_TO_REPORT = "add_to_report"  # the reporter adds what they saw later


_WORKING = frozenset({State.WITH_COORDINATOR, State.IN_PROGRESS, State.HANDED_OVER})
_CLAIMED = frozenset({State.IN_PROGRESS, State.HANDED_OVER})


@dataclass(frozen=True)
class Transition:
    from_states: frozenset[State]
    to_state: State | None  # None: the state does not change
    roles: frozenset[Role]


TRANSITIONS: dict[Action, Transition] = {
    Action.TAH_NOTE: Transition(
        frozenset({State.RECEIVED}), None, frozenset({Role.TAAKACCENTHOUDER})
    ),
    Action.FORWARD: Transition(
        frozenset({State.RECEIVED}), State.WITH_COORDINATOR, frozenset({Role.TAAKACCENTHOUDER})
    ),
    Action.ESCALATE: Transition(
        frozenset({State.RECEIVED}), State.WITH_COORDINATOR, frozenset({Role.SYSTEM})
    ),
    Action.CLAIM: Transition(
        frozenset({State.WITH_COORDINATOR}), State.IN_PROGRESS, frozenset({Role.COORDINATOR})
    ),
    Action.ASSIGN: Transition(_WORKING, None, frozenset({Role.COORDINATOR})),
    Action.NOTE: Transition(_WORKING, None, frozenset({Role.COORDINATOR})),
    Action.ENRICH: Transition(_WORKING, None, frozenset({Role.COORDINATOR})),
    Action.AGENDA: Transition(_CLAIMED, None, frozenset({Role.COORDINATOR})),
    Action.HAND_OVER: Transition(_CLAIMED, State.HANDED_OVER, frozenset({Role.COORDINATOR})),
    Action.REQUEST_FEEDBACK: Transition(
        frozenset({State.HANDED_OVER}), None, frozenset({Role.COORDINATOR})
    ),
    Action.RECORD_FEEDBACK: Transition(
        frozenset({State.HANDED_OVER}), None, frozenset({Role.COORDINATOR})
    ),
    Action.CLOSE: Transition(_CLAIMED, State.CLOSED, frozenset({Role.COORDINATOR})),
    Action.REOPEN: Transition(
        frozenset({State.CLOSED}), State.IN_PROGRESS, frozenset({Role.COORDINATOR})
    ),
    Action.VIEW: Transition(frozenset(State), None, frozenset({Role.COORDINATOR})),
    Action.REVEAL_REPORTER: Transition(frozenset(State), None, frozenset({Role.COORDINATOR})),
    Action.ASK_REPORTER: Transition(_WORKING, None, frozenset({Role.COORDINATOR})),
    # A late answer still reaches the case, also after it was closed.
    Action.REPORTER_ANSWER: Transition(frozenset(State), None, frozenset({Role.REPORTER})),
    Action.ADD_TO_REPORT: Transition(
        frozenset({State.RECEIVED}) | _WORKING, None, frozenset({Role.REPORTER})
    ),
}

# Actions a reporter takes on their own case: recorded under "melder", never their identity.
REPORTER_ACTIONS = frozenset({Action.REPORTER_ANSWER, Action.ADD_TO_REPORT})


class Refusal(StrEnum):
    NOT_ALLOWED = "not_allowed"  # the actor lacks the role
    WRONG_STATE = "wrong_state"  # the case is not in a state where this action applies


@dataclass(frozen=True)
class Decision:
    allowed: bool
    new_state: State
    refusal: Refusal | None = None


def decide(action: Action, state: State, roles: frozenset[Role]) -> Decision:
    """May an actor with `roles` do `action` on a case in `state`, and where does it lead?"""
    transition = TRANSITIONS[action]
    if not roles & transition.roles:
        return Decision(False, state, Refusal.NOT_ALLOWED)
    if state not in transition.from_states:
        return Decision(False, state, Refusal.WRONG_STATE)
    return Decision(True, transition.to_state or state)


def available_actions(state: State, roles: frozenset[Role]) -> tuple[Action, ...]:
    """The actions a card may offer this actor now (the server checks again on every click)."""
    return tuple(a for a in Action if decide(a, state, roles).allowed)


# What the reporter sees of their own case: a coarse phase, nothing else.
REPORTER_PHASE: dict[State, str] = {
    State.RECEIVED: "received",
    State.WITH_COORDINATOR: "with_coordinator",
    State.IN_PROGRESS: "with_coordinator",
    State.HANDED_OVER: "handed_over",
    State.CLOSED: "closed",
}


class EscalationReason(StrEnum):
    URGENT = "urgent"  # the reporter marked the signal urgent
    NO_TAAKACCENTHOUDER = "no_taakaccenthouder"  # the department has nobody to receive it
    NOT_FORWARDED_IN_TIME = (
        "not_forwarded_in_time"  # the taakaccenthouder did not forward it in time
    )
    REPORTER_CHOICE = "reporter_choice"  # the reporter chose to skip the taakaccenthouder


def initial_route(
    urgent: bool, department_has_taakaccenthouder: bool, reporter_skips_taakaccenthouder: bool
) -> tuple[State, EscalationReason | None]:
    """Where a new signal starts. Nothing waits on one person when it is urgent or nobody is
    there, and a reporter may go straight to the aandachtsfunctionaris (for instance when the
    taakaccenthouder is involved or family) without saying why."""
    if urgent:
        return State.WITH_COORDINATOR, EscalationReason.URGENT
    if reporter_skips_taakaccenthouder:
        return State.WITH_COORDINATOR, EscalationReason.REPORTER_CHOICE
    if not department_has_taakaccenthouder:
        return State.WITH_COORDINATOR, EscalationReason.NO_TAAKACCENTHOUDER
    return State.RECEIVED, None
