"""Installing the app for one person through Microsoft Graph, so the bot can open a 1:1 chat
with someone who never opened it (off by default; the recommended way is an app setup policy
that installs the app for all staff, docs/deploy.md).

Needs the application permission TeamsAppInstallation.ReadWriteForUser.All with admin consent
and the app's id in the organisation's app catalog. The token comes from azure-identity (the
bot's own identity), fetched off the event loop.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

import aiohttp

log = logging.getLogger(__name__)
GRAPH = "https://graph.microsoft.com/v1.0"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"


@dataclass(frozen=True)
class _Response:
    """Shaped like a connector answer, so the outbox's retry rules apply (429, 5xx)."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)


class GraphInstallError(Exception):
    def __init__(self, status: int, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"graph install answered {status}")
        self.response = _Response(status, headers or {})


class GraphInstaller:
    def __init__(self, catalog_app_id: str, credential: Any, base_url: str = GRAPH) -> None:
        self._catalog_app_id = catalog_app_id
        self._credential = credential
        self._base = base_url.rstrip("/")

    async def install(self, aad_object_id: str) -> None:
        """Install the app for this person; already installed counts as done."""
        token = await asyncio.to_thread(self._credential.get_token, GRAPH_SCOPE)
        url = f"{self._base}/users/{aad_object_id}/teamwork/installedApps"
        body = {"teamsApp@odata.bind": f"{self._base}/appCatalogs/teamsApps/{self._catalog_app_id}"}
        timeout = aiohttp.ClientTimeout(total=30)
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(
                url, json=body, headers={"Authorization": f"Bearer {token.token}"}
            ) as response,
        ):
            status = response.status
            headers = {k: v for k, v in response.headers.items() if k.lower() == "retry-after"}
            await response.read()
        if status in (200, 201, 204, 409):
            log.info("app installed for a person through Graph status=%d", status)
            return
        # 403: no consent for the permission, or the person may not have the app (policy).
        log.warning("graph install refused status=%d", status)
        raise GraphInstallError(status, headers)
