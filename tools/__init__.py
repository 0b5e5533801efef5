"""Tooling that is not the running service: the Teams app package and its icons, the
knowledge-base evaluation, and the development runner with its demo users. Nothing here
imports botbuilder or `bot/`; `python -m bot` offers these as commands."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
