"""The case workflow as a table of states and transitions.

Every action on a case is looked up here: from which states it is allowed, to which state it
leads, which role may perform it, what it needs, and where it stands in the usual order of
work in each state (so a card shows the usual next step first and steps already done as
history, not as buttons). Nothing outside this table decides that. Plain Python, so it is
tested without Teams or a database.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    REGISTER = "register"  # the aandachtsfunctionaris records a signal that came in another way
    CLAIM = "claim"
    ASSIGN = "assign"
    NOTE = "note"
    ENRICH = "enrich"
    AGENDA = "agenda"
    AGENDA_OUTCOME = "agenda_outcome"
    HAND_OVER = "hand_over"
    HANDOVER_SUMMARY = "handover_summary"  # the text for the partner: a disclosure, audited
    REQUEST_FEEDBACK = "request_feedback"
    RECORD_FEEDBACK = "record_feedback"
    CLOSE = "close"
    REOPEN = "reopen"
    VIEW = "view"
    REVEAL_REPORTER = "reveal_reporter"
    ASK_REPORTER = "ask_reporter"  # a question to the reporter, without revealing them
    REPORTER_ANSWER = "reporter_answer"  # the reporter answers it (or declines)
    ADD_TO_REPORT = "add_to_report"  # the reporter adds what they saw later


class Fact(StrEnum):
    """What has happened to a case beyond its state, as far as the next step depends on it.
    Derived from the case's columns (`domain.case.case_facts`), so no content is needed."""

    ENRICHED = "enriched"  # the enrichment was recorded
    ON_AGENDA = "on_agenda"  # waits for a signaleringsoverleg
    DISCUSSED = "discussed"  # an outcome of the signaleringsoverleg was recorded
    PARTNER_ASKED = "partner_asked"  # feedback was asked of the partner of the latest hand-over
    AWAITING_PARTNER = "awaiting_partner"  # a request for partner feedback is open
    REPORTER_IN_TEAMS = "reporter_in_teams"  # reported in Meldroute (not registered from outside)


@dataclass(frozen=True)
class Transition:
    """One action: the states it is allowed in, each with its place in the usual order of
    work there (lower comes first, the lowest one offered is the primary button; None: allowed
    but never offered as a step, such as views and automatic steps), where it leads, who may
    do it, the facts it needs, and the facts that make it history instead of a button."""

    steps: Mapping[State, int | None]
    to_state: State | None  # None: the state does not change
    roles: frozenset[Role]
    needs: frozenset[Fact] = frozenset()  # allowed only when all of these hold
    done_when: frozenset[Fact] = frozenset()  # not offered once one of these holds

    @property
    def from_states(self) -> frozenset[State]:
        return frozenset(self.steps)


def _at(*states: State, rank: int | None) -> dict[State, int | None]:
    return dict.fromkeys(states, rank)


_COORDINATOR = frozenset({Role.COORDINATOR})
_UNCLAIMED, _CLAIMED = State.WITH_COORDINATOR, State.IN_PROGRESS
_OPEN = (State.WITH_COORDINATOR, State.IN_PROGRESS, State.HANDED_OVER)
_WORKED = (State.IN_PROGRESS, State.HANDED_OVER)

# The usual course of a case reads top to bottom; side steps (note, assign) rank last.
TRANSITIONS: dict[Action, Transition] = {
    Action.FORWARD: Transition(
        {State.RECEIVED: 10}, State.WITH_COORDINATOR, frozenset({Role.TAAKACCENTHOUDER})
    ),
    Action.TAH_NOTE: Transition({State.RECEIVED: 90}, None, frozenset({Role.TAAKACCENTHOUDER})),
    Action.ESCALATE: Transition(
        {State.RECEIVED: None}, State.WITH_COORDINATOR, frozenset({Role.SYSTEM})
    ),
    # A case that did not exist yet: no state to come from; it starts claimed by its registrar.
    Action.REGISTER: Transition({}, State.IN_PROGRESS, _COORDINATOR),
    Action.CLAIM: Transition({_UNCLAIMED: 10}, State.IN_PROGRESS, _COORDINATOR),
    Action.ENRICH: Transition(
        _at(_UNCLAIMED, _CLAIMED, rank=20), None, _COORDINATOR, done_when=frozenset({Fact.ENRICHED})
    ),
    Action.AGENDA: Transition(
        {_CLAIMED: 30},
        None,
        _COORDINATOR,
        done_when=frozenset({Fact.ON_AGENDA, Fact.DISCUSSED}),
    ),
    Action.AGENDA_OUTCOME: Transition(
        _at(*_WORKED, rank=35), None, _COORDINATOR, needs=frozenset({Fact.ON_AGENDA})
    ),
    Action.HAND_OVER: Transition(
        # After a hand-over, handing over to another partner as well is a side step.
        {_CLAIMED: 40, State.HANDED_OVER: 85},
        State.HANDED_OVER,
        _COORDINATOR,
    ),
    # Part of the hand-over form, not a step of its own.
    Action.HANDOVER_SUMMARY: Transition(_at(*_WORKED, rank=None), None, _COORDINATOR),
    Action.REQUEST_FEEDBACK: Transition(
        {State.HANDED_OVER: 50},
        None,
        _COORDINATOR,
        done_when=frozenset({Fact.PARTNER_ASKED}),
    ),
    Action.RECORD_FEEDBACK: Transition(
        {State.HANDED_OVER: 60}, None, _COORDINATOR, needs=frozenset({Fact.AWAITING_PARTNER})
    ),
    Action.CLOSE: Transition(_at(*_WORKED, rank=80), State.CLOSED, _COORDINATOR),
    # Ask the reporter something without revealing them: a side step while the case is open.
    Action.ASK_REPORTER: Transition(
        _at(*_OPEN, rank=88), None, _COORDINATOR, needs=frozenset({Fact.REPORTER_IN_TEAMS})
    ),
    Action.NOTE: Transition(_at(*_OPEN, rank=90), None, _COORDINATOR),
    Action.ASSIGN: Transition(_at(*_OPEN, rank=95), None, _COORDINATOR),
    Action.REOPEN: Transition({State.CLOSED: 10}, State.IN_PROGRESS, _COORDINATOR),
    Action.VIEW: Transition(_at(*State, rank=None), None, _COORDINATOR),
    Action.REVEAL_REPORTER: Transition(_at(*State, rank=None), None, _COORDINATOR),
    # The reporter's own steps are in their chat, not on a coordinator's card.
    # A late answer still reaches the case, also after it was closed.
    Action.REPORTER_ANSWER: Transition(_at(*State, rank=None), None, frozenset({Role.REPORTER})),
    Action.ADD_TO_REPORT: Transition(
        _at(State.RECEIVED, *_OPEN, rank=None), None, frozenset({Role.REPORTER})
    ),
}

# Actions a reporter takes on their own case: recorded under "melder", never their identity.
REPORTER_ACTIONS = frozenset({Action.REPORTER_ANSWER, Action.ADD_TO_REPORT})


class Refusal(StrEnum):
    NOT_ALLOWED = "not_allowed"  # the actor lacks the role
    WRONG_STATE = "wrong_state"  # the case is not in a state where this action applies
    NOT_YET = "not_yet"  # the case lacks what the action works on (no agenda, no open request)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    new_state: State | None
    refusal: Refusal | None = None


def decide(
    action: Action,
    state: State | None,
    roles: frozenset[Role],
    facts: frozenset[Fact] = frozenset(),
) -> Decision:
    """May an actor with `roles` do `action` on a case in `state` (None: a case that does not
    exist yet) with these `facts`, and where does it lead?"""
    transition = TRANSITIONS[action]
    if not roles & transition.roles:
        return Decision(False, state, Refusal.NOT_ALLOWED)
    # Only an action that creates a case comes from no state, and it comes from no other.
    wrong_state = state not in transition.steps if state is not None else bool(transition.steps)
    if wrong_state:
        return Decision(False, state, Refusal.WRONG_STATE)
    if not transition.needs <= facts:
        return Decision(False, state, Refusal.NOT_YET)
    return Decision(True, transition.to_state or state)


def next_steps(
    state: State, roles: frozenset[Role], facts: frozenset[Fact] = frozenset()
) -> tuple[Action, ...]:
    """The steps a card offers this actor now, the usual next one first: allowed, ranked in
    this state, and not already done (the server checks again on every click)."""
    offered = [
        (rank, action)
        for action, transition in TRANSITIONS.items()
        if (rank := transition.steps.get(state)) is not None
        and decide(action, state, roles, facts).allowed
        and not transition.done_when & facts
    ]
    return tuple(action for _rank, action in sorted(offered, key=lambda pair: pair[0]))


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
