"""/ask and "Look up people in this message" through the real discord.py stack and a fake Discord."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.domain.script import to_simplified
from bot.i18n import Lang, command_text
from bot.offline.driver import OfflineDiscord, User
from db.store import Store
from tests.discord.helpers import CHANNEL_MESSAGE, EPHEMERAL, buttons, shown_text

MENU = "Look up people in this message"


@pytest.mark.parametrize(
    ("locale", "question", "names"),
    [
        ("en-US", "Who went to Anthropic?", ["Jan Leike", "John Schulman", "Dario Amodei"]),
        ("zh-TW", "誰去了 Anthrophic？", ["舒爾曼", "萊克"]),
        ("zh-CN", "谁去了Anthropic？", ["舒尔曼", "莱克"]),
    ],
)
async def test_ask_answers_in_the_members_language_with_sources(discord_bot, locale, question, names):
    reply = await discord_bot.command("ask", {"question": question}, locale=locale)
    assert reply.callback_type == CHANNEL_MESSAGE
    payload = reply.callback
    assert payload["allowed_mentions"] == {"parse": []}
    text = shown_text(payload)
    assert re.search(r"\[\d\]", text), "answers cite numbered sources"
    for person in names:
        assert person in text
    if locale == "zh-CN":
        assert to_simplified(text) == text


async def test_ask_shows_disputed_reports_side_by_side(discord_bot):
    reply = await discord_bot.command("ask", {"question": "When did Ilya Sutskever leave OpenAI?"})
    text = shown_text(reply.callback)
    assert "2024-05-15" in text and "disputed" in text and "other reports" in text


async def test_ask_says_plainly_when_it_does_not_know(discord_bot):
    reply = await discord_bot.command("ask", {"question": "Who founded Nvidia?"})
    assert reply.callback["flags"] & EPHEMERAL
    assert "That is not in what I know." in reply.callback["content"]
    assert not reply.callback.get("embeds"), "no answer to a different question"
    unknown = await discord_bot.command("ask", {"question": "Why did Trevor Blackwell leave?"}, locale="zh-TW")
    content = unknown.callback["content"]
    assert "沒有提到" in content and "`/who person:Trevor Blackwell`" in content


async def test_relative_dates_use_todays_date(discord_bot):
    discord_bot.bot.clock = lambda: datetime(2024, 10, 5, tzinfo=UTC)
    reply = await discord_bot.command("ask", {"question": "去年誰離開了 OpenAI？"}, locale="zh-TW")
    rows = reply.callback["embeds"][0]["description"]
    assert "2023-11-17" in rows and "布羅克曼" in rows
    assert "穆拉蒂" not in rows, "she left in 2024: this year, not last year"


async def test_question_text_cannot_ping(discord_bot):
    reply = await discord_bot.command("ask", {"question": "@everyone <@123> who went to Tesla?"})
    text = shown_text(reply.callback)
    assert "@everyone" not in text and "<@123>" not in text
    assert reply.callback["allowed_mentions"] == {"parse": []}


async def test_look_up_people_in_a_message_answers_privately_with_a_button_each(discord_bot):
    message = discord_bot.message_payload(
        "蘇特斯科夫 and Sam Altman argued; 穆拉蒂 stayed out of it. Sam Altman again."
    )
    reply = await discord_bot.message_command(MENU, message, locale="en-US")
    assert reply.callback_type == CHANNEL_MESSAGE and reply.callback["flags"] & EPHEMERAL
    embed = reply.callback["embeds"][0]
    lines = embed["description"].splitlines()
    assert [line.split(" — ")[0] for line in lines] == ["**Ilya Sutskever**", "**Sam Altman**", "**Mira Murati**"]
    assert all(re.search(r"\[\d\]", line) for line in lines)
    pressed = buttons(reply.callback)
    assert [b["custom_id"] for b in pressed] == ["who:ilya-sutskever", "who:sam-altman", "who:mira-murati"]
    assert all(len(b["custom_id"]) <= 100 and len(b["label"]) <= 80 for b in pressed)


async def test_a_person_button_opens_their_who_privately(discord_bot):
    message = discord_bot.message_payload("Karpathy said hi")
    reply = await discord_bot.message_command(MENU, message, locale="zh-CN")
    assert reply.callback["embeds"][0]["title"] == "消息中的人物"
    [button] = buttons(reply.callback)
    opened = await discord_bot.press(reply.messages[0], button["custom_id"], locale="zh-CN")
    assert opened.callback_type == CHANNEL_MESSAGE and opened.callback["flags"] & EPHEMERAL
    assert opened.callback["embeds"][0]["title"].startswith("Andrej Karpathy · ")


async def test_person_buttons_still_work_after_a_restart(settings, discord_bot):
    reply = await discord_bot.message_command(MENU, discord_bot.message_payload("Greg Brockman"))
    message = reply.messages[0]
    await discord_bot.close()
    store = Store.open(settings.database_url, data_dir=settings.data_dir)
    restarted = await OfflineDiscord.start(settings, store)
    try:
        opened = await restarted.press(message, "who:greg-brockman", user=User(id=555))
        assert opened.callback["embeds"][0]["title"].startswith("Greg Brockman")
    finally:
        await restarted.close()
        store.close()


async def test_a_message_naming_nobody_known_says_so(discord_bot):
    reply = await discord_bot.message_command(
        MENU, discord_bot.message_payload("my son read the memo at lunch, then went to the arm shop")
    )
    assert reply.callback["flags"] & EPHEMERAL
    assert reply.callback["content"] == "I found no one I know in this message."


async def test_ask_and_the_menu_are_in_help_and_localised(discord_bot):
    for locale in ("en-US", "zh-TW", "zh-CN"):
        expected = command_text("lookup_people", Lang.from_locale(locale))
        reply = await discord_bot.command("help", {}, locale=locale)
        text = shown_text(reply.callback)
        assert "/ask" in text and expected in text
    await discord_bot.bot.tree.sync()
    commands = {c["name"]: c for c in discord_bot.fake.commands["global"]}
    assert commands["ask"]["name_localizations"] == {"zh-TW": "提問", "zh-CN": "提问"}
    menu = commands[MENU]
    assert menu["type"] == 3 and menu["name_localizations"]["zh-TW"] == "查詢訊息中的人物"
    assert len(menu["name"]) <= 32 and all(len(n) <= 32 for n in menu["name_localizations"].values())
