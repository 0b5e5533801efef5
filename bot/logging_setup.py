"""Logging: ids and events only. Library loggers that can dump HTTP bodies are kept quiet."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import UTC, datetime

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


class JsonLineFormatter(logging.Formatter):
    """One JSON object per line (time, level, logger, message) for log shipping. An exception
    is described by type and place only, as everywhere: its message may quote data."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[1] is not None:
            line["exception"] = describe_exception(record.exc_info[1])
        return json.dumps(line, ensure_ascii=False)


def configure_logging(level: str, log_format: str = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonLineFormatter()
        if log_format == "json"
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    )
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for name in _CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)


def describe_exception(error: BaseException) -> str:
    """Type and where it was raised, without the message (which may quote data)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}{where}"
