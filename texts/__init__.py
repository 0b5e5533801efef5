"""User-facing text, one module per language. Dutch (`nl`) is the default."""

from texts import nl

DEFAULT = nl

__all__ = ["DEFAULT", "nl"]
