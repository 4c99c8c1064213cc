"""Show message payloads in a terminal: embeds, fields, footers and numbered buttons/menus."""

from __future__ import annotations

import re
import textwrap
from datetime import UTC, datetime
from typing import Any

from bot.offline.driver import components_of

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_TIMESTAMP = re.compile(r"<t:(\d+)(?::\w)?>")
_MENTION = re.compile(r"<(@[!&]?|#)(\d+)>")
WIDTH = 100


def _plain(text: str) -> str:
    """Discord markup a terminal cannot show: bold, timestamps, mentions."""
    text = _BOLD.sub(r"\1", text)
    text = _TIMESTAMP.sub(lambda m: datetime.fromtimestamp(int(m[1]), UTC).strftime("%Y-%m-%d %H:%M UTC"), text)
    return _MENTION.sub(lambda m: f"{'#' if m[1] == '#' else '@'}{m[2]}", text)


def _wrap(text: str, indent: str = "  ") -> list[str]:
    out: list[str] = []
    for line in text.splitlines() or [""]:
        out.extend(textwrap.wrap(line, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ") or [indent])
    return out


def render_message(
    message: dict[str, Any], *, ephemeral: bool = False
) -> tuple[str, list[tuple[str, dict[str, Any], dict[str, Any] | None]]]:
    """Text for a message, and its pressable items: (label, component, select option or None)."""
    lines: list[str] = []
    if ephemeral or (message.get("flags") or 0) & 64:
        lines.append("(only you can see this)")
    if message.get("content"):
        lines.extend(_wrap(_plain(message["content"]), ""))
    for embed in message.get("embeds") or []:
        lines.append("┌─ " + embed.get("title", ""))
        if embed.get("description"):
            lines.extend(_wrap(_plain(embed["description"]), "│ "))
        for field in embed.get("fields") or []:
            lines.append("│ ▸ " + field["name"])
            lines.extend(_wrap(_plain(field["value"]), "│   "))
        if embed.get("footer"):
            lines.extend(_wrap(embed["footer"]["text"], "└─ "))
        else:
            lines.append("└─")
    for attachment in message.get("attachments") or []:
        lines.append(f"📎 {attachment.get('filename')}")
    # Every button is numbered, disabled ones too, so a button keeps its number on every page
    # (Next page is the same number on the first page and the last).
    items: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []
    for component in components_of(message):
        if component.get("type") == 2:
            emoji = (component.get("emoji") or {}).get("name") or ""
            label = f"{emoji} {component.get('label') or ''}".strip()
            items.append((label, component, None))
            lines.append(f"   [{len(items)}] {label}{' (not available)' if component.get('disabled') else ''}")
        elif component.get("type") == 3:
            lines.append(f"   {component.get('placeholder') or 'Choose'}:")
            for option in component.get("options") or []:
                items.append((option["label"], component, option))
                lines.append(f"   [{len(items)}] {option['label']}")
    return "\n".join(lines), items
