"""Where people and the coordinators' channel can be reached: stored conversation references.

References hold Teams ids and service URLs; they are encrypted and keyed by a digest of the
Entra object id, so the table does not list who uses the bot.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.crypto import associated_data, seal_json, unseal_json
from storage.dialect import insert_or_update
from storage.keyring import Keyring
from storage.schema import channel_links, conversation_refs

COORDINATORS_CHANNEL = "coordinators"
PRESENCE_INTERVAL = timedelta(minutes=5)
KNOWN_PEOPLE = 10_000


class Directory:
    def __init__(self, engine: AsyncEngine, keyring: Keyring) -> None:
        self._engine = engine
        self._key = keyring["directory"]
        self._keyring = keyring
        # The reference of a person rarely changes: skip the write when it did not, and only
        # now and then report the person as present (to wake messages waiting for them).
        self._known: OrderedDict[str, tuple[str, datetime]] = OrderedDict()
        # Channel id -> the service URL last seen for the linked channel (one entry in practice).
        self._channel_url: dict[str, str] = {}

    async def remember_person(
        self, aad_object_id: str, reference: dict[str, Any], now: datetime
    ) -> str | None:
        """Store where a person can be reached. Returns their digest when the reference was new
        or changed, or when they were last reported present more than PRESENCE_INTERVAL ago."""
        digest = self._keyring.person_digest(aad_object_id)
        fingerprint = repr(sorted((reference.get("conversation") or {}).items())) + str(
            reference.get("serviceUrl")
        )
        known = self._known.get(digest)
        if known and known[0] == fingerprint and now - known[1] < PRESENCE_INTERVAL:
            return None
        # New, changed, or seen again after a while: written, so "last seen" (updated_at) stays
        # true for the retention of conversations of people no longer seen.
        sealed = seal_json(
            self._key,
            reference,
            associated_data("conversation_refs", "reference", digest, "directory"),
        )
        async with self._engine.begin() as conn:
            await conn.execute(
                insert_or_update(
                    conn.dialect.name,
                    conversation_refs,
                    ("user_digest",),
                    ("reference", "updated_at"),
                ),
                {"user_digest": digest, "reference": sealed, "updated_at": now},
            )
        self._known[digest] = (fingerprint, now)
        while len(self._known) > KNOWN_PEOPLE:  # bounded: forget the longest-unseen first
            self._known.popitem(last=False)
        return digest

    async def _read(self, column: Any, where: Any, aad: bytes) -> dict[str, Any] | None:
        async with self._engine.connect() as conn:
            blob = (await conn.execute(select(column).where(where))).scalar_one_or_none()
        return None if blob is None else unseal_json(self._key, blob, aad)

    async def person_reference(self, digest: str) -> dict[str, Any] | None:
        return await self._read(
            conversation_refs.c.reference,
            conversation_refs.c.user_digest == digest,
            associated_data("conversation_refs", "reference", digest, "directory"),
        )

    async def link_channel(self, reference: dict[str, Any], linked_by: str, now: datetime) -> None:
        self._channel_url.clear()
        sealed = seal_json(
            self._key,
            reference,
            associated_data("channel_links", "reference", COORDINATORS_CHANNEL, "directory"),
        )
        async with self._engine.begin() as conn:
            await conn.execute(
                insert_or_update(
                    conn.dialect.name,
                    channel_links,
                    ("name",),
                    ("reference", "linked_by", "linked_at"),
                ),
                {
                    "name": COORDINATORS_CHANNEL,
                    "reference": sealed,
                    "linked_by": linked_by,
                    "linked_at": now,
                },
            )

    async def refresh_channel(self, channel_id: str, service_url: str) -> bool:
        """Someone wrote or clicked in a channel: when it is the linked one and Teams now
        reaches the bot from another service URL, keep that one (Microsoft asks bots to use the
        latest). Returns whether it changed; known URLs are remembered, so most turns read
        nothing."""
        if self._channel_url.get(channel_id) == service_url:
            return False
        reference = await self.channel_reference()
        if reference is None or (reference.get("conversation") or {}).get("id") != channel_id:
            return False
        self._channel_url[channel_id] = service_url
        if reference.get("serviceUrl") == service_url:
            return False
        sealed = seal_json(
            self._key,
            {**reference, "serviceUrl": service_url},
            associated_data("channel_links", "reference", COORDINATORS_CHANNEL, "directory"),
        )
        async with self._engine.begin() as conn:
            await conn.execute(
                channel_links.update()
                .where(channel_links.c.name == COORDINATORS_CHANNEL)
                .values(reference=sealed)
            )
        return True

    async def channel_reference(self) -> dict[str, Any] | None:
        return await self._read(
            channel_links.c.reference,
            channel_links.c.name == COORDINATORS_CHANNEL,
            associated_data("channel_links", "reference", COORDINATORS_CHANNEL, "directory"),
        )
