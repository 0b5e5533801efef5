"""The case workflow: states of a signal. Transitions are added with the meldroute."""

from __future__ import annotations

# A confirmed signal starts with the taakaccenthouder of the reporter's department.
INITIAL_STATE = "received"
