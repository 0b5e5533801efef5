"""docs/privacy.md says what the code does: its generated tables (who sees which view, who takes
which step, how long data is kept) are regenerated from domain/ and must be unchanged."""

from __future__ import annotations

from domain.visibility import View
from domain.workflow import Action
from tools.privacy_tables import DOCUMENTS, PRIVACY_DOC, render


def test_the_documents_match_the_code() -> None:
    for path in DOCUMENTS:
        document = path.read_text(encoding="utf-8")
        assert "<!-- generated:" in document, path
        assert render(document) == document, f"{path}: run python -m bot privacy-tables --write"


def test_every_view_and_step_is_in_the_document() -> None:
    document = PRIVACY_DOC.read_text(encoding="utf-8")
    for name in [*(v.value for v in View), *(a.value for a in Action)]:
        assert f"| {name} |" in document, name
