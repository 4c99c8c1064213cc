"""Member suggestions through the real discord.py stack: the button on an answer, the menu of its
statements, the form, /suggest, the review (approve, edit then approve, reject), the member told."""

from __future__ import annotations

from sqlmodel import select

from bot.offline.driver import ALL_PERMISSIONS, OfflineDiscord, User, components_of, modal_fields
from bot.services import review
from db.models import Fact, ReviewItem, Revision
from tests.discord.helpers import EPHEMERAL, shown_text

MOD = User(id=820, name="mod", permissions=ALL_PERMISSIONS)
MEMBER = User(id=821, name="reader")
OTHER = User(id=822, name="other")
LOG_CHANNEL = 333000000000000017
MODAL = 9
URL = "https://example.org/news/correction"


def _suggest_button(message: dict) -> dict:
    return next(c for c in components_of(message) if c.get("custom_id", "").startswith("sg:"))


async def _form_from_answer(discord_bot: OfflineDiscord, answer: dict, *, user: User = MEMBER, pick: int = 0):
    """Press "Suggest a correction" on an answer, choose a statement: the form that opens, and the key."""
    picked = await discord_bot.press(answer, _suggest_button(answer)["custom_id"], user=user)
    assert picked.callback["flags"] & EPHEMERAL
    menu = next(c for c in components_of(picked.message) if c["type"] == 3)
    key = menu["options"][pick]["value"]
    form = await discord_bot.press(picked.message, menu["custom_id"], values=[key], user=user)
    assert form.callback_type == MODAL
    return form, key


async def _fill(discord_bot: OfflineDiscord, form, *, user: User = MEMBER, locale: str = "en-US", **values: str):
    return await discord_bot.submit(form.callback, values, user=user, locale=locale)


def _items(discord_bot: OfflineDiscord) -> list[ReviewItem]:
    with discord_bot.bot.store.session() as session:
        return list(session.exec(select(ReviewItem).where(ReviewItem.kind == "suggestion").order_by(ReviewItem.id)))


async def test_a_suggestion_from_a_who_answer_is_approved_as_a_credited_edit(discord_bot):
    await discord_bot.command("almanac config", {"log-channel": str(LOG_CHANNEL)}, user=MOD)
    answer = await discord_bot.command("who", {"person": "Ilya"}, user=OTHER)
    assert _suggest_button(answer.message)["label"] == "Suggest a correction"
    form, key = await _form_from_answer(discord_bot, answer.message)
    assert form.callback["title"] == "Suggest a correction"
    assert [f["custom_id"] for f in modal_fields(form.callback)] == ["wrong", "should_say", "url"]
    done = await _fill(
        discord_bot,
        form,
        wrong="The date is off by a day @everyone",
        should_say="Ilya Sutskever left OpenAI in May 2024 (corrected).",
        url=URL,
    )
    item = _items(discord_bot)[-1]
    assert done.callback["flags"] & EPHEMERAL
    assert f"Suggestion #{item.id} is in the review queue" in done.callback["content"]
    log = [m for m in done.posted if m["channel_id"] == str(LOG_CHANNEL)]
    assert log and f"New suggestion #{item.id}" in shown_text(log[0])
    assert "@everyone" not in shown_text(log[0])  # member text never pings
    assert item.statement_key == key and item.suggester_id == MEMBER.id

    queue = await discord_bot.command("review", user=MOD)
    text = shown_text(queue.message)
    assert "member suggestion" in text and "now: " in text
    assert "proposed: Ilya Sutskever left OpenAI in May 2024 (corrected)." in text
    assert URL in text
    refused = await discord_bot.press(queue.message, f"review:approve:{item.id}", user=MEMBER)
    assert "Only moderators" in shown_text(refused.callback)
    assert review.item(discord_bot.bot.store, item.id).status == "pending"

    approved = await discord_bot.press(queue.message, f"review:approve:{item.id}", user=MOD)
    assert f"Approved #{item.id}" in shown_text(approved.callback)
    decided = review.item(discord_bot.bot.store, item.id)
    assert decided.status == "approved" and decided.fact_id
    with discord_bot.bot.store.session() as session:
        fact = session.get(Fact, decided.fact_id)
        revision = session.exec(
            select(Revision).where(Revision.fact_id == fact.id).order_by(Revision.version.desc())
        ).first()
    assert fact.text_en == "Ilya Sutskever left OpenAI in May 2024 (corrected)."
    assert "mod" in revision.actor and "reader" in revision.actor  # credited to both
    assert revision.before is not None  # the old text is kept in history
    again = await discord_bot.command("who", {"person": "Ilya"})
    assert "(corrected)" in shown_text(await _all_pages(discord_bot, again.message))
    assert any("was approved" in m["content"] for m in discord_bot.fake.dms_to(MEMBER.id))


async def _all_pages(discord_bot: OfflineDiscord, message: dict) -> dict:
    texts = [shown_text(message)]
    while True:
        following = [c for c in components_of(message) if ":n:" in c.get("custom_id", "") and not c.get("disabled")]
        if not following:
            break
        await discord_bot.press(message, following[0]["custom_id"])
        message = discord_bot.fake.messages[int(message["id"])]
        texts.append(shown_text(message))
    return {"content": "\n".join(texts)}


async def test_suggest_command_edit_then_approve(discord_bot):
    found = await discord_bot.autocomplete("suggest", "statement", "Murati")
    assert found.choices and len(found.choices) <= 25
    key = found.choices[0]["value"]
    form = await discord_bot.command("suggest", {"statement": key}, user=MEMBER, locale="zh-TW")
    assert form.callback_type == MODAL and form.callback["title"] == "建議更正"
    await _fill(discord_bot, form, locale="zh-TW", wrong="職稱不對", should_say="穆拉蒂曾任技術長。", url=URL)
    item = _items(discord_bot)[-1]
    queue = await discord_bot.command("review", user=MOD)
    editing = await discord_bot.press(queue.message, f"review:edit:{item.id}", user=MOD)
    assert editing.callback_type == MODAL
    prefilled = {f["custom_id"]: f.get("value") for f in modal_fields(editing.callback)}
    assert prefilled["text_zh"] == "穆拉蒂曾任技術長。"  # the member's words, ready to adjust
    done = await discord_bot.submit(
        editing.callback, {"text_zh": "穆拉蒂曾任 OpenAI 技術長。", "reason": "wording"}, user=MOD
    )
    assert f"Approved #{item.id}" in shown_text(done.callback)
    decided = review.item(discord_bot.bot.store, item.id)
    with discord_bot.bot.store.session() as session:
        assert session.get(Fact, decided.fact_id).text_zh == "穆拉蒂曾任 OpenAI 技術長。"
    # The member wrote in Traditional Chinese, so they are told in it.
    assert any("已獲核准" in m["content"] for m in discord_bot.fake.dms_to(MEMBER.id))


async def test_a_rejection_reaches_a_member_with_closed_dms_on_their_next_suggestion(discord_bot):
    discord_bot.fake.closed_dms.add(MEMBER.id)
    answer = await discord_bot.command("departures", {"year": "2024"})
    form, _key = await _form_from_answer(discord_bot, answer.message)
    await _fill(discord_bot, form, wrong="wrong month", should_say="It was in June.", url=URL)
    item = _items(discord_bot)[-1]
    queue = await discord_bot.command("review", user=MOD)
    reject = await discord_bot.press(queue.message, f"review:reject:{item.id}", user=MOD)
    reason_field = modal_fields(reject.callback)[0]["custom_id"]
    await discord_bot.submit(reject.callback, {reason_field: "the articles say May"}, user=MOD)
    assert review.item(discord_bot.bot.store, item.id).status == "rejected"
    assert discord_bot.fake.dms_to(MEMBER.id) == []  # DMs closed: nothing delivered

    history = await discord_bot.command("review", {"show": "rejected"}, user=MOD)
    assert f"#{item.id}" in shown_text(history.message) and "the articles say May" in shown_text(history.message)

    answer = await discord_bot.command("timeline", {"year": "2023"})
    form, _key = await _form_from_answer(discord_bot, answer.message)
    done = await _fill(discord_bot, form, wrong="typo", should_say="Another correction.", url=URL)
    assert f"Your suggestion #{item.id} was not accepted: the articles say May" in done.callback["content"]
    form, _key = await _form_from_answer(discord_bot, answer.message, pick=1)
    later = await _fill(discord_bot, form, wrong="typo", should_say="A third correction.", url=URL)
    assert "not accepted" not in later.callback["content"]  # told once


async def test_bad_input_and_spam_are_refused(discord_bot):
    answer = await discord_bot.command("who", {"person": "Sam Altman"})

    async def attempt(**values: str):
        form, _key = await _form_from_answer(discord_bot, answer.message)
        return (await _fill(discord_bot, form, **values)).callback["content"]

    before = len(_items(discord_bot))
    assert "http:// or https://" in await attempt(wrong="x", should_say="y", url="ftp://example.org/x")
    assert "http:// or https://" in await attempt(wrong="x", should_say="y", url="https://")
    assert "what it should say" in await attempt(wrong="x", should_say="…", url=URL)
    assert len(_items(discord_bot)) == before
    unknown = await discord_bot.command("suggest", {"statement": "no-such-statement"}, user=MEMBER)
    assert "no statement" in unknown.callback["content"]
    for n in range(3):
        assert "is in the review queue" in await attempt(wrong="x", should_say=f"Version {n}.", url=URL)
    assert "Slow down" in await attempt(wrong="x", should_say="Version 4.", url=URL)
    assert len(_items(discord_bot)) == before + 3


async def test_two_person_mode_queues_a_contributors_edit_until_a_moderator_approves(discord_bot):
    role = 555000000000000001
    contributor = User(id=823, name="helper", roles=(role,))
    refused = await discord_bot.command("fact edit", {"id": "1"}, user=contributor)
    assert "Only moderators" in refused.callback["content"]  # no contributor role set yet
    config = await discord_bot.command("almanac config", {"contributor-role": str(role)}, user=MOD)
    assert "Two-person mode" in config.callback["content"]
    found = await discord_bot.autocomplete("fact edit", "id", "Altman", user=contributor)
    assert found.choices
    nothing = await discord_bot.autocomplete("fact edit", "id", "Altman", user=OTHER)
    assert nothing.choices == []
    retract = await discord_bot.command("fact retract", {"id": "1", "reason": "x"}, user=contributor)
    assert "Only moderators" in retract.callback["content"]

    with discord_bot.bot.store.session() as session:
        before = session.get(Fact, 1).text_en
    form = await discord_bot.command("fact edit", {"id": "1"}, user=contributor)
    assert form.callback_type == MODAL
    queued = await discord_bot.submit(
        form.callback, {"text_en": before + " (helper's wording)", "reason": "clearer"}, user=contributor
    )
    assert "waits for a moderator's approval" in queued.callback["content"]
    with discord_bot.bot.store.session() as session:
        assert session.get(Fact, 1).text_en == before  # nothing applied yet
    item = next(i for i in reversed(_items_of(discord_bot, "edit")))

    queue = await discord_bot.command("review", user=MOD)
    text = shown_text(queue.message)
    assert "contributor edit" in text and "(helper's wording)" in text
    approved = await discord_bot.press(queue.message, f"review:approve:{item.id}", user=MOD)
    assert f"Approved #{item.id}" in shown_text(approved.callback)
    with discord_bot.bot.store.session() as session:
        assert session.get(Fact, 1).text_en == before + " (helper's wording)"
        revision = session.exec(select(Revision).where(Revision.fact_id == 1).order_by(Revision.version.desc())).first()
    assert "mod" in revision.actor and "helper" in revision.actor and revision.reason == "clearer"


def _items_of(discord_bot: OfflineDiscord, kind: str) -> list[ReviewItem]:
    with discord_bot.bot.store.session() as session:
        return list(session.exec(select(ReviewItem).where(ReviewItem.kind == kind).order_by(ReviewItem.id)))


async def test_an_ask_answer_offers_the_statements_it_showed(discord_bot):
    reply = await discord_bot.command("ask", {"question": "Who went to Anthropic?"})
    picked = await discord_bot.press(reply.message, _suggest_button(reply.message)["custom_id"], user=MEMBER)
    menu = next(c for c in components_of(picked.message) if c["type"] == 3)
    labels = " ".join(o["label"] for o in menu["options"])
    assert "Anthropic" in labels  # the departures the answer listed
    form = await discord_bot.press(picked.message, menu["custom_id"], values=[menu["options"][0]["value"]], user=MEMBER)
    done = await _fill(discord_bot, form, wrong="x", should_say="A corrected departure.", url=URL)
    assert "is in the review queue" in done.callback["content"]
    unknown = await discord_bot.command("ask", {"question": "What is the weather?"})
    assert not components_of(unknown.message or unknown.callback)  # nothing shown, nothing to correct
