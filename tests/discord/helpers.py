from __future__ import annotations

from typing import Any

from bot.offline.driver import components_of

EPHEMERAL = 64
CHANNEL_MESSAGE, DEFERRED_MESSAGE, UPDATE_MESSAGE, AUTOCOMPLETE = 4, 5, 7, 8


def texts(payload: Any) -> list[str]:
    """Every string in a JSON payload (content, titles, fields, labels ...)."""
    if isinstance(payload, str):
        return [payload]
    if isinstance(payload, dict):
        return [s for key, value in payload.items() if key not in {"custom_id", "type"} for s in texts(value)]
    if isinstance(payload, list):
        return [s for item in payload for s in texts(item)]
    return []


def shown_text(payload: dict[str, Any]) -> str:
    return "\n".join(texts({k: payload.get(k) for k in ("content", "embeds", "components")}))


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in components_of(message) if c["type"] == 2]


def next_button(message: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in buttons(message) if ":n:" in c["custom_id"])


def footer(payload: dict[str, Any]) -> str:
    return payload["embeds"][0].get("footer", {}).get("text", "")
