"""botbuilder `Storage` over the encrypted, etag-guarded `storage.state_store.StateStore`.

botbuilder keeps dialog stacks as Python objects in the state dict; they are turned into
plain JSON here (not pickled), so stored state can never execute code when read back.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import ConversationState, Storage, TurnContext
from botbuilder.core.bot_state import CachedBotState
from botbuilder.dialogs import DialogInstance, DialogState

from domain.clock import Clock
from storage.state_store import StateStore

_DIALOG_STATE = "__dialog_state__"


def to_json(value: Any) -> Any:
    if isinstance(value, DialogState):
        return {
            _DIALOG_STATE: [{"id": i.id, "state": to_json(i.state)} for i in value.dialog_stack]
        }
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if _DIALOG_STATE in value:
            stack = []
            for entry in value[_DIALOG_STATE]:
                instance = DialogInstance()
                instance.id = entry["id"]
                instance.state = from_json(entry["state"])
                stack.append(instance)
            return DialogState(stack)
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


class DatabaseStorage(Storage):
    def __init__(self, store: StateStore, clock: Clock) -> None:
        super().__init__()
        self._store = store
        self._clock = clock

    async def read(self, keys: list[str]) -> dict[str, Any]:
        found = await self._store.read(keys)
        result: dict[str, Any] = {}
        for key, (value, etag) in found.items():
            item = from_json(value)
            item["e_tag"] = etag
            result[key] = item
        return result

    async def write(self, changes: dict[str, Any]) -> None:
        if not changes:
            return
        prepared: dict[str, tuple[Any, str | None]] = {}
        for key, item in changes.items():
            data = dict(item)
            etag = data.pop("e_tag", None)
            prepared[key] = (to_json(data), etag)
        new_etags = await self._store.write(prepared, self._clock())
        # The cached state object is written again later in the turn only with its new etag.
        for key, etag in new_etags.items():
            changes[key]["e_tag"] = etag

    async def delete(self, keys: list[str]) -> None:
        await self._store.delete(keys)


class _UnhashedState(CachedBotState):
    """Cached state without botbuilder's jsonpickle hash: a dialog turn changes the state anyway
    (the draft's last-activity time at least), so the comparison only cost CPU."""

    def __init__(self, state: dict[str, object] | None = None) -> None:
        self.state = state if state is not None else {}
        self.hash = ""

    @property
    def is_changed(self) -> bool:
        return True

    def compute_hash(self, obj: object) -> str:
        return ""


class LeanConversationState(ConversationState):
    """ConversationState that loads once per turn and always saves what it loaded."""

    async def load(self, turn_context: TurnContext, force: bool = False) -> None:
        cached = self.get_cached_state(turn_context)
        if force or not cached:
            key = self.get_storage_key(turn_context)
            items = await self._storage.read([key])
            turn_context.turn_state[self._context_service_key] = _UnhashedState(items.get(key))
