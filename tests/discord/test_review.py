"""The review queue through the real discord.py stack: a queued article's proposals, approve, reject."""

from __future__ import annotations

from pathlib import Path

from bot.offline.driver import ALL_PERMISSIONS, OfflineDiscord, User
from bot.services import review
from tests.discord.helpers import EPHEMERAL, shown_text

MOD = User(id=810, name="mod", permissions=ALL_PERMISSIONS)
MEMBER = User(id=811, name="member")
ARTICLE = Path(__file__).parents[1] / "fixtures" / "articles" / "autumn-2024-tw.txt"


def _queue(discord_bot: OfflineDiscord):
    return review.add_source(
        discord_bot.bot.store,
        ARTICLE.read_text(encoding="utf-8"),
        title="Autumn changes",
        publisher="Test desk",
        published="2024-11-20",
        url=None,
        actor="mod",
    )


async def test_members_cannot_see_or_decide_the_queue(discord_bot):
    _queue(discord_bot)
    reply = await discord_bot.command("review", user=MEMBER)
    assert reply.callback["flags"] & EPHEMERAL and "Only moderators" in reply.callback["content"]
    shown = await discord_bot.command("review", user=MOD)
    button = shown.message["components"][0]["components"][0]["custom_id"]
    pressed = await discord_bot.press(shown.message, button, user=MEMBER)
    assert "Only moderators" in shown_text(pressed.callback)
    assert review.item(discord_bot.bot.store, int(button.rsplit(":", 1)[1])).status == "pending"


async def test_approving_a_proposal_answers_in_lookups_at_once(discord_bot):
    added = _queue(discord_bot)
    before = shown_text((await discord_bot.command("timeline", {"start": "2024-10", "end": "2024-10"})).callback)
    assert "Miles Brundage" not in before
    shown = await discord_bot.command("review", user=MOD)
    text = shown_text(shown.message)
    assert f"Review queue: {len(added.items)} pending" in text
    assert "new statement" in text and "now: " in text  # a known statement is shown as it reads now
    target = next(i for i in added.items if i.payload["subject"] == "Miles Brundage")
    if f"review:approve:{target.id}" not in str(shown.message["components"]):
        for item in added.items:  # decide the ones ahead of it first
            if item.id == target.id:
                break
            review.reject(discord_bot.bot.store, item.id, actor="mod", reason="not needed here")
        shown = await discord_bot.command("review", user=MOD)
    pressed = await discord_bot.press(shown.message, f"review:approve:{target.id}", user=MOD)
    assert f"Approved #{target.id}" in shown_text(pressed.callback)
    after = shown_text((await discord_bot.command("timeline", {"start": "2024-10", "end": "2024-10"})).callback)
    assert "Miles Brundage" in after
    card = shown_text((await discord_bot.command("who", {"person": "布倫戴奇"})).callback)
    assert "Miles Brundage" in card and "邁爾斯·布倫戴奇" in card
    again = await discord_bot.press(shown.message, f"review:approve:{target.id}", user=MOD)
    assert "already approved" in shown_text(again.callback)


async def test_rejecting_asks_for_a_reason_and_keeps_the_item(discord_bot):
    added = _queue(discord_bot)
    first = added.items[0]
    shown = await discord_bot.command("review", user=MOD, locale="zh-TW")
    assert "審核佇列" in shown_text(shown.message)
    form = await discord_bot.press(shown.message, f"review:reject:{first.id}", user=MOD)
    assert form.callback_type == 9
    done = await discord_bot.submit(
        form.callback, {form.callback["components"][0]["components"][0]["custom_id"]: "重複"}, user=MOD, locale="zh-TW"
    )
    assert f"已駁回 #{first.id}" in shown_text(done.callback)
    kept = review.item(discord_bot.bot.store, first.id)
    assert (kept.status, kept.reason) == ("rejected", "重複")


async def test_source_add_takes_the_article_as_an_attachment(discord_bot):
    options = {"file": ARTICLE, "title": "Autumn changes", "publisher": "Test desk", "published": "2024-11-20"}
    refused = await discord_bot.command("source add", options, user=MEMBER)
    assert "Only moderators" in refused.callback["content"]
    added = await discord_bot.command("source add", options, user=MOD)
    text = shown_text(added.message)
    assert "Stored source n" in text and "proposed statements are in the review queue" in text
    pending, total = review.pending(discord_bot.bot.store)
    assert total > 0 and all(i.kind == "proposal" for i in pending)
    source_id = pending[0].source_id
    assert review.source_text(discord_bot.bot.store, source_id).strip() == ARTICLE.read_text(encoding="utf-8").strip()
    again = await discord_bot.command("source add", options, user=MOD)
    assert f"already added as {source_id}" in shown_text(again.message)
    not_text = await discord_bot.command("source add", {**options, "file": ("photo.png", b"\x89PNG")}, user=MOD)
    assert "UTF-8 .txt" in shown_text(not_text.callback)
