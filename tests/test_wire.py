"""Inbound activities parsed from JSON as msrest would, without msrest on the common path."""

from __future__ import annotations

from typing import Any

import pytest
from botbuilder.schema import Activity, ConversationReference

from bot.wire import from_wire, to_wire
from cards.elements import JsonReady

TEAMS_MESSAGE: dict[str, Any] = {
    "type": "message",
    "id": "1712345678901",
    "timestamp": "2026-11-28T10:00:00.1234567Z",
    "localTimestamp": "2026-11-28T11:00:00.123+01:00",
    "channelId": "msteams",
    "serviceUrl": "https://smba.trafficmanager.net/emea/",
    "from": {"id": "29:abc", "name": "Sanne Visser", "aadObjectId": "0000-a1"},
    "conversation": {"id": "a:1x", "conversationType": "personal", "tenantId": "t1"},
    "recipient": {"id": "28:bot", "name": "Meldroute"},
    "entities": [
        {
            "type": "mention",
            "text": "<at>Meldroute</at>",
            "mentioned": {"id": "28:bot", "name": "Meldroute"},
        },
        {"type": "clientInfo", "locale": "nl-NL", "country": "NL", "platform": "Web"},
    ],
    "channelData": {"tenant": {"id": "t1"}, "channel": {"id": "19:x@thread.tacv2"}},
    "value": {"meldroute": "report", "step": "form", "form": "labour"},
    "text": "<at>Meldroute</at> open zaken",
    "textFormat": "plain",
    "attachments": [{"contentType": "text/html", "content": "<p>hoi</p>"}],
    "replyToId": "1712345678000",
    "someFutureField": {"kept": True},
}


@pytest.mark.parametrize(
    "body",
    [
        TEAMS_MESSAGE,
        {"type": "message", "text": "hallo", "conversation": {"id": "c"}},
        {"type": "invoke", "name": "adaptiveCard/action", "value": {"action": {"verb": "x"}}},
        # Shapes msrest converts on its own terms: the fast path hands them over unchanged.
        {**TEAMS_MESSAGE, "text": 12345},
        {**TEAMS_MESSAGE, "timestamp": "28 november"},
        {**TEAMS_MESSAGE, "from": "not an account"},
        {**TEAMS_MESSAGE, "entities": {"not": "a list"}},
        {**TEAMS_MESSAGE, "recipient": None, "membersAdded": [None]},
    ],
)
def test_an_activity_reads_as_msrest_reads_it(body: dict[str, Any]) -> None:
    try:
        expected = Activity().deserialize(body)
    except Exception:
        # msrest refuses it (the endpoint answers 400): so must the fast path.
        with pytest.raises(Exception):  # noqa: B017 - whatever msrest raises
            from_wire(Activity, body)
        return
    parsed = from_wire(Activity, body)
    assert parsed.serialize() == expected.serialize()
    assert parsed.timestamp == expected.timestamp
    assert [e.additional_properties for e in parsed.entities or []] == [
        e.additional_properties for e in expected.entities or []
    ]


def test_a_stored_conversation_reference_round_trips() -> None:
    reference = ConversationReference().deserialize(
        {
            "user": {"id": "29:abc", "aadObjectId": "0000-a1"},
            "bot": {"id": "28:bot"},
            "conversation": {"id": "a:1x", "conversationType": "personal"},
            "channelId": "msteams",
            "serviceUrl": "https://smba.trafficmanager.net/emea/",
        }
    )
    wire = to_wire(reference)
    assert to_wire(from_wire(ConversationReference, wire)) == wire


def test_a_card_goes_out_as_built() -> None:
    card = JsonReady({"type": "AdaptiveCard", "body": [{"type": "TextBlock", "text": "x"}]})
    assert to_wire({"content": card})["content"] is card
