"""Every command, every option, every form field and every autocomplete, fed hostile values
through the real discord.py stack (and each command once through `call`): empty and huge text,
control characters, mention syntax, whole numbers outside any range, ids that do not exist. Each
case gets an answer in the member's language, within Discord's limits, that pings nobody, and no
traceback is logged."""

from __future__ import annotations

import io
import itertools
import logging
import random

import discord
import pytest

from bot.offline.driver import ALL_PERMISSIONS, OfflineDiscord, OfflineError, User, modal_fields
from bot.offline.runner import run_call
from tests.discord.helpers import AUTOCOMPLETE, shown_text

CHANNEL = 555000000000000001
MODAL = 9
GENERIC = ("Something went wrong", "出了點問題", "出了点问题")

TEXT = [
    "",
    " \t ",
    "x" * 7000,
    "名" * 3000,
    "\x00\x01\x1b[31m\x7f",
    "line\r\nbreak\u2028\u202eevil",
    "@everyone @here <@&123456789012345678> <@123456789012345678> <#1> </who:1>",
    "999999999",
    "no-such-entity",
    "²³١",
]
INTEGERS = [0, -1, 2**31, 2**53, 2**63 - 1, -(2**63), 999_999]
# A plausible value for every option, so that each option can be made hostile on its own.
PLAUSIBLE = {
    "person": "Ilya",
    "id": "1",
    "reason": "checking",
    "subject": "sam-altman",
    "predicate": "event",
    "source": "a000",
    "text_en": "Something happened.",
    "channel": str(CHANNEL),
    "time": "09:00",
    "timezone": "UTC",
    "alias": "Zed Example",
    "revision": "1",
    "group": "founders",
    "period": "all",
    "year": "2024",
    "start": "2023",
    "end": "2024",
    "destination": "Anthropic",
}


def moderator() -> User:
    # A fresh member each time, so per-member cooldowns do not hide the command's own answer.
    return User(id=random.randrange(10**17, 10**18), name="mod", permissions=ALL_PERMISSIONS)


def hostile_values(param: discord.app_commands.Parameter) -> list[str]:
    kind = param.type
    if kind in (discord.AppCommandOptionType.integer, discord.AppCommandOptionType.number):
        return [str(n) for n in INTEGERS]
    if kind in (discord.AppCommandOptionType.channel, discord.AppCommandOptionType.user):
        return ["1", str(2**63 - 1)]
    if kind is discord.AppCommandOptionType.role:
        return ["1"]
    return TEXT


def leaf_commands(offline: OfflineDiscord) -> list[discord.app_commands.Command]:
    return [c for c in offline.bot.tree.walk_commands() if isinstance(c, discord.app_commands.Command)]


def base_options(command: discord.app_commands.Command) -> dict[str, str]:
    return {p.display_name: PLAUSIBLE.get(p.display_name, "x") for p in command.parameters if p.required}


def problems_in(reply, case: str) -> list[str]:  # noqa: ANN001
    if reply.callback_type is None:
        return [f"{case}: no answer"]
    payload = reply.callback or {}
    out = []
    if reply.callback_type in (4, 7):
        shown = shown_text(payload)
        if not shown.strip() and not payload.get("attachments"):
            out.append(f"{case}: an empty answer")
        if any(g in shown for g in GENERIC):
            out.append(f"{case}: the generic error")
        if "@everyone" in shown or "@here" in shown or "<@&123456789012345678>" in shown:
            out.append(f"{case}: mention syntax shown raw")
        if payload.get("allowed_mentions") != {"parse": []}:
            out.append(f"{case}: pings allowed")
    return out


async def run_case(offline: OfflineDiscord, name: str, options: dict[str, str], locale: str) -> list[str]:
    case = f"/{name} {options!r:.200} [{locale}]"
    try:
        reply = await offline.command(name, options, user=moderator(), locale=locale)
    except OfflineError as exc:  # the runner refuses it before Discord would (e.g. not a number)
        return [] if str(exc) else [f"{case}: refused without a message"]
    found = problems_in(reply, case)
    if reply.callback_type == MODAL:
        found += await hostile_form(offline, reply.callback, locale)
    return found


async def hostile_form(offline: OfflineDiscord, modal: dict, locale: str) -> list[str]:
    found = []
    fields = [f["custom_id"] for f in modal_fields(modal)]
    mod = moderator()
    for field, value in itertools.product(fields, TEXT):
        reply = await offline.submit(modal, {field: value, "reason": value or "r"}, user=mod, locale=locale)
        found += problems_in(reply, f"form {modal['custom_id']} {field}={value!r:.40}")
    return found


async def test_every_command_and_option_answers_hostile_input(discord_bot, caplog):
    locales = itertools.cycle(["en-US", "zh-TW", "zh-CN", "ja"])
    found: list[str] = []
    cases = 0
    with caplog.at_level(logging.WARNING):
        for command in leaf_commands(discord_bot):
            base = base_options(command)
            found += await run_case(discord_bot, command.qualified_name, base, next(locales))
            for param in command.parameters:
                for value in hostile_values(param):
                    options = {**base, param.display_name: value}
                    found += await run_case(discord_bot, command.qualified_name, options, next(locales))
                    cases += 1
                if param.autocomplete:
                    for typed in TEXT:
                        reply = await discord_bot.autocomplete(
                            command.qualified_name, param.display_name, typed, options=base, user=moderator()
                        )
                        if reply.callback_type != AUTOCOMPLETE or len(reply.choices) > 25:
                            found.append(f"/{command.qualified_name} autocomplete {param.display_name}={typed!r:.40}")
                        cases += 1
    tracebacks = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not found, "\n".join(found[:40])
    assert not tracebacks, "\n".join(f"{r.name}: {r.getMessage()}" for r in tracebacks[:20])
    assert cases > 500


@pytest.fixture
def call_settings(settings):
    return settings


def test_every_command_through_call_exits_0_or_2_with_a_message(call_settings, capsys):
    """One hostile run of each command through the offline runner's `call`."""
    import asyncio

    from bot.offline.driver import OfflineDiscord as Offline
    from db.store import Store

    async def names() -> list[tuple[str, list[discord.app_commands.Parameter]]]:
        store = Store.open(call_settings.database_url)
        offline = await Offline.start(call_settings, store)
        try:
            return [(c.qualified_name, list(c.parameters)) for c in leaf_commands(offline)]
        finally:
            await offline.close()
            store.close()

    values = itertools.cycle(TEXT[2:] + [str(n) for n in INTEGERS])
    user = User(id=77, name="mod", permissions=ALL_PERMISSIONS)
    for name, params in asyncio.run(names()):
        options = {p.display_name: next(values) for p in params}
        out = io.StringIO()
        code = run_call(call_settings, name, options, locale="zh-TW", user=user, as_json=False, out=out)
        err = capsys.readouterr().err
        assert code in (0, 2), (name, code)
        assert out.getvalue().strip() if code == 0 else err.strip(), (name, "no message")
        assert "Traceback" not in out.getvalue() + err, name
