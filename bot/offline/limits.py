"""The payload limits Discord enforces with HTTP 400 (discord.py does not check them locally)."""

from __future__ import annotations

from typing import Any

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
LIMITS = {
    "title": 256,
    "description": 4096,
    "footer": 2048,
    "author": 256,
    "field_name": 256,
    "field_value": 1024,
    "fields": 25,
}
BUTTON_LABEL_MAX = 80
CUSTOM_ID_MAX = 100
SELECT_OPTIONS_MAX = 25
OPTION_TEXT_MAX = 100
ACTION_ROWS_MAX = 5
ROW_ITEMS_MAX = 5
AUTOCOMPLETE_CHOICES_MAX = 25
CHOICE_TEXT_MAX = 100
MODAL_TITLE_MAX = 45


def _embed_problems(embed: dict[str, Any], n: int) -> tuple[list[str], int]:
    problems: list[str] = []
    title = embed.get("title") or ""
    desc = embed.get("description") or ""
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    if len(title) > LIMITS["title"]:
        problems.append(f"embeds.{n}.title longer than 256")
    if len(desc) > LIMITS["description"]:
        problems.append(f"embeds.{n}.description longer than 4096")
    if len(footer) > LIMITS["footer"]:
        problems.append(f"embeds.{n}.footer.text longer than 2048")
    if len(author) > LIMITS["author"]:
        problems.append(f"embeds.{n}.author.name longer than 256")
    fields = embed.get("fields") or []
    if len(fields) > LIMITS["fields"]:
        problems.append(f"embeds.{n}.fields more than 25")
    size = len(title) + len(desc) + len(footer) + len(author)
    for m, field in enumerate(fields):
        name, value = field.get("name") or "", field.get("value") or ""
        if not name or len(name) > LIMITS["field_name"]:
            problems.append(f"embeds.{n}.fields.{m}.name must be 1-256 characters")
        if not value or len(value) > LIMITS["field_value"]:
            problems.append(f"embeds.{n}.fields.{m}.value must be 1-1024 characters")
        size += len(name) + len(value)
    return problems, size


def _component_problems(rows: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(rows) > ACTION_ROWS_MAX:
        problems.append("components: more than 5 action rows")
    for r, row in enumerate(rows):
        items = row.get("components") or []
        if not 1 <= len(items) <= ROW_ITEMS_MAX:
            problems.append(f"components.{r}: an action row holds 1-5 items")
        for i, item in enumerate(items):
            where = f"components.{r}.components.{i}"
            custom_id = item.get("custom_id")
            if item.get("type") == 2:
                if len(item.get("label") or "") > BUTTON_LABEL_MAX:
                    problems.append(f"{where}.label longer than 80")
                if item.get("style") != 5 and not 1 <= len(custom_id or "") <= CUSTOM_ID_MAX:
                    problems.append(f"{where}.custom_id must be 1-100 characters")
            elif item.get("type") == 3:
                options = item.get("options") or []
                if not 1 <= len(options) <= SELECT_OPTIONS_MAX:
                    problems.append(f"{where}.options must hold 1-25 options")
                for o, opt in enumerate(options):
                    for key in ("label", "value", "description"):
                        if len(opt.get(key) or "") > OPTION_TEXT_MAX:
                            problems.append(f"{where}.options.{o}.{key} longer than 100")
                if not 1 <= len(custom_id or "") <= CUSTOM_ID_MAX:
                    problems.append(f"{where}.custom_id must be 1-100 characters")
            elif item.get("type") == 4 and not 1 <= len(custom_id or "") <= CUSTOM_ID_MAX:
                problems.append(f"{where}.custom_id must be 1-100 characters")
    return problems


def message_problems(payload: dict[str, Any]) -> list[str]:
    """Why Discord would reject this message payload (empty list: it would accept it)."""
    problems: list[str] = []
    if len(payload.get("content") or "") > CONTENT_MAX:
        problems.append("content longer than 2000")
    embeds = payload.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        problems.append("more than 10 embeds")
    total = 0
    for n, embed in enumerate(embeds):
        found, size = _embed_problems(embed, n)
        problems += found
        total += size
    if total > EMBED_TOTAL_MAX:
        problems.append(f"embeds total {total} characters, more than 6000")
    problems += _component_problems(payload.get("components") or [])
    return problems


def autocomplete_problems(choices: list[dict[str, Any]]) -> list[str]:
    problems = []
    if len(choices) > AUTOCOMPLETE_CHOICES_MAX:
        problems.append(f"{len(choices)} autocomplete choices, more than 25")
    for n, choice in enumerate(choices):
        if not 1 <= len(str(choice.get("name", ""))) <= CHOICE_TEXT_MAX:
            problems.append(f"choices.{n}.name must be 1-100 characters")
        if len(str(choice.get("value", ""))) > CHOICE_TEXT_MAX:
            problems.append(f"choices.{n}.value longer than 100")
    return problems


def modal_problems(data: dict[str, Any]) -> list[str]:
    problems = []
    if not 1 <= len(data.get("title") or "") <= MODAL_TITLE_MAX:
        problems.append("modal title must be 1-45 characters")
    if not 1 <= len(data.get("custom_id") or "") <= CUSTOM_ID_MAX:
        problems.append("modal custom_id must be 1-100 characters")
    return problems
