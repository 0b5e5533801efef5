"""Logging: ids and events only. Library loggers that can dump HTTP bodies are kept quiet."""

from __future__ import annotations

import logging
import sys
import traceback

_CHATTY_LIBRARIES = (
    "msrest",
    "botframework",
    "botbuilder",
    "azure",
    "urllib3",
    "aiosqlite",
    "asyncio",
    "alembic",
)


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        force=True,
    )
    for name in _CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)


def describe_exception(error: BaseException) -> str:
    """Type and where it was raised, without the message (which may quote data)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}{where}"
