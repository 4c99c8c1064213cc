"""Moderator fact updates through the real discord.py stack: permissions, the edit form, versions,
history, retract/revert, aliases, the log channel, and persistence across restarts and re-seeds."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.offline.driver import ALL_PERMISSIONS, GUILD_ID, MEMBER_PERMISSIONS, OfflineDiscord, User
from bot.settings import Settings
from db.models import Fact, Revision
from db.store import Store
from tests.discord.helpers import CHANNEL_MESSAGE, EPHEMERAL, shown_text

MOD = User(id=800, name="mod", permissions=ALL_PERMISSIONS)
MOD2 = User(id=801, name="mod2", permissions=ALL_PERMISSIONS)
MEMBER = User(id=802, name="member")
ROLE_ID = 444000000000000001
LOG_CHANNEL = 333000000000000001
MODAL = 9


def fact_id(discord_bot: OfflineDiscord, key: str) -> int:
    with discord_bot.bot.store.session() as session:
        return session.exec(select(Fact).where(Fact.key == key)).one().id


def first_departure(discord_bot: OfflineDiscord, person: str) -> Fact:
    with discord_bot.bot.store.session() as session:
        return session.exec(
            select(Fact).where(Fact.subject_id == person, Fact.predicate == "departed").order_by(Fact.id)
        ).first()


async def who_text(discord_bot: OfflineDiscord, person: str) -> str:
    reply = await discord_bot.command("who", {"person": person})
    pages = [shown_text(reply.callback)]
    message = reply.message
    from tests.discord.helpers import next_button

    while (
        any(":n:" in b["custom_id"] and not b.get("disabled") for b in message["components"][0]["components"])
        if message.get("components")
        else False
    ):
        await discord_bot.press(message, next_button(message)["custom_id"])
        message = discord_bot.fake.messages[int(message["id"])]
        pages.append(shown_text(message))
    return "\n".join(pages)


MOD_COMMANDS = [
    ("fact show", {"id": "1"}),
    ("fact history", {"id": "1"}),
    ("fact edit", {"id": "1"}),
    ("fact retract", {"id": "1", "reason": "x"}),
    ("fact revert", {"id": "1", "revision": "1"}),
    ("fact add", {"subject": "sam-altman", "predicate": "event", "source": "a000", "text_en": "x"}),
    ("alias add", {"person": "sam-altman", "alias": "Sammy"}),
    ("alias remove", {"person": "sam-altman", "alias": "Sam"}),
    ("almanac config", {"log-channel": str(LOG_CHANNEL)}),
]


@pytest.mark.parametrize(("command", "options"), MOD_COMMANDS, ids=[c for c, _ in MOD_COMMANDS])
async def test_members_without_the_right_are_refused(discord_bot, command, options):
    """Even when a server admin lets everyone see the commands, the server-side check refuses."""
    with discord_bot.bot.store.session() as session:
        before = (
            len(session.exec(select(Revision)).all()),
            session.exec(select(Fact).where(Fact.id == 1)).one().text_en,
        )
    reply = await discord_bot.command(command, options, user=MEMBER, locale="zh-CN")
    assert reply.callback_type == CHANNEL_MESSAGE and reply.callback["flags"] & EPHEMERAL
    assert "只有管理员" in reply.callback["content"]
    with discord_bot.bot.store.session() as session:
        after = (
            len(session.exec(select(Revision)).all()),
            session.exec(select(Fact).where(Fact.id == 1)).one().text_en,
        )
    assert before == after


async def test_the_commands_are_hidden_from_members_by_default(discord_bot):
    await discord_bot.bot.tree.sync()
    commands = {c["name"]: c for c in discord_bot.fake.commands["global"]}
    for name in ("fact", "alias", "almanac"):
        assert int(commands[name]["default_member_permissions"]) == 1 << 5  # Manage Server


async def test_edits_from_another_server_are_refused(settings, seeded_template, databases, tmp_path):
    home_only = Settings(
        database_url=databases.copy(seeded_template, tmp_path, "other"),
        data_dir=settings.data_dir,
        home_guild_ids=frozenset({GUILD_ID}),
    )
    store = Store.open(home_only.database_url)
    offline = await OfflineDiscord.start(home_only, store)
    try:
        elsewhere = await offline.command("fact show", {"id": "1"}, user=MOD, guild_id=GUILD_ID + 1)
        assert "Only moderators" in elsewhere.callback["content"]
        home = await offline.command("fact show", {"id": "1"}, user=MOD)
        assert home.callback["embeds"][0]["title"].startswith("#1")
    finally:
        await offline.close()
        store.close()


async def test_the_moderator_role_grants_editing(discord_bot):
    await discord_bot.command("almanac config", {"moderator-role": str(ROLE_ID)}, user=MOD)
    helper = User(id=803, name="helper", permissions=MEMBER_PERMISSIONS, roles=(ROLE_ID,))
    reply = await discord_bot.command("fact show", {"id": "1"}, user=helper)
    assert reply.callback["embeds"][0]["title"].startswith("#1")


async def test_add_a_fact_shows_up_at_once(discord_bot):
    reply = await discord_bot.command(
        "fact add",
        {
            "subject": "mira-murati",
            "predicate": "joined",
            "object": "Anthrophic",
            "source": "a001",
            "text_en": "Mira Murati joined a test company @everyone",
            "text_zh": "米拉·穆拉蒂加入测试公司",
            "start": "2024-10",
            "locator": "paragraph 3",
        },
        user=MOD,
    )
    assert reply.callback["flags"] & EPHEMERAL
    assert "Added fact #" in reply.callback["content"]
    assert reply.callback["embeds"][0]["description"].startswith("Mira Murati joined a test company @\u200beveryone")
    text = await who_text(discord_bot, "Mira Murati")
    assert "Mira Murati joined a test company" in text
    timeline = await discord_bot.command("timeline", {"start": "2024-10", "end": "2024-10", "person": "Mira Murati"})
    assert "joined a test company" in shown_text(timeline.callback)
    with discord_bot.bot.store.session() as session:
        added = session.exec(select(Fact).where(Fact.text_en.like("Mira Murati joined a test company%"))).one()
        assert added.text_zh == "米拉·穆拉蒂加入測試公司", "Chinese is stored in Traditional script"
        assert added.object_id == "anthropic"


async def test_add_warns_about_similar_facts_and_requires_a_source(discord_bot):
    base = {"subject": "jan-leike", "predicate": "departed", "object": "openai", "text_en": "Jan Leike left again."}
    reply = await discord_bot.command("fact add", {**base, "source": "a000"}, user=MOD)
    assert "Similar facts already exist" in reply.callback["content"]
    refused = await discord_bot.command("fact add", {**base, "source": "new"}, user=MOD)
    assert "needs a source" in refused.callback["content"]
    made = await discord_bot.command(
        "fact add",
        {**base, "source": "new", "source_url": "https://example.org/news", "source_title": "A later report"},
        user=MOD,
    )
    assert "New source recorded as" in made.callback["content"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"subject": "Nobody Atall Xq"}, "No person or organisation matches"),
        ({"start": "2024-13"}, "not a date I understand"),
        ({"text_en": None}, "Write the fact in English or Chinese"),
        ({"predicate": "held_role"}, "needs the role title"),
    ],
)
async def test_add_explains_bad_input(discord_bot, options, expected):
    values = {
        "subject": "sam-altman",
        "predicate": "event",
        "source": "a000",
        "text_en": "Something happened.",
        **options,
    }
    values = {k: v for k, v in values.items() if v is not None}
    if values["predicate"] == "held_role":
        values["object"] = "openai"
    reply = await discord_bot.command("fact add", values, user=MOD)
    assert expected in reply.callback["content"]


async def test_edit_form_round_trip_with_history_and_log(discord_bot):
    await discord_bot.command("almanac config", {"log-channel": str(LOG_CHANNEL)}, user=MOD)
    fact = first_departure(discord_bot, "mira-murati")
    form = await discord_bot.command("fact edit", {"id": str(fact.id)}, user=MOD)
    assert form.callback_type == MODAL
    assert form.callback["title"] == f"Edit fact #{fact.id}"
    from bot.offline.driver import modal_fields

    prefilled = {f["custom_id"]: f.get("value") for f in modal_fields(form.callback)}
    assert prefilled["text_en"] == fact.text_en and prefilled["reason"] in (None, "")
    done = await discord_bot.submit(
        form.callback,
        {"text_en": "Mira Murati stepped down as CTO (corrected).", "reason": "clearer wording"},
        user=MOD,
    )
    assert f"Fact #{fact.id} is now version 2" in done.callback["content"]
    assert "stepped down as CTO (corrected)" in await who_text(discord_bot, "Mira Murati")

    history = await discord_bot.command("fact history", {"id": str(fact.id)}, user=MOD)
    text = history.callback["embeds"][0]["description"]
    assert "**v2** · edit · <@800>" in text and "clearer wording" in text and "changed: text_en" in text
    assert "**v1** · seed · dataset" in text

    logged = [m for m in discord_bot.fake.messages.values() if m["channel_id"] == str(LOG_CHANNEL)]
    assert len(logged) == 1
    assert logged[0]["embeds"][0]["title"] == f"Fact #{fact.id}: edit"
    assert "<@800>" in shown_text(logged[0]) and "clearer wording" in shown_text(logged[0])
    assert f"/fact history id:{fact.id}" in shown_text(logged[0])


async def test_a_concurrent_edit_is_refused_with_what_changed(discord_bot):
    fact = first_departure(discord_bot, "jan-leike")
    first = await discord_bot.command("fact edit", {"id": str(fact.id)}, user=MOD)
    second = await discord_bot.command("fact edit", {"id": str(fact.id)}, user=MOD2)
    await discord_bot.submit(
        second.callback, {"text_en": "Edited by the second moderator.", "reason": "fix"}, user=MOD2
    )
    late = await discord_bot.submit(
        first.callback, {"text_en": "Edited by the first moderator.", "reason": "fix"}, user=MOD
    )
    assert "was changed by someone else" in late.callback["content"]
    assert "text_en" in late.callback["content"]
    with discord_bot.bot.store.session() as session:
        assert session.get(Fact, fact.id).text_en == "Edited by the second moderator."


async def test_a_forged_form_submission_is_refused(discord_bot):
    fact = first_departure(discord_bot, "jan-leike")
    form = await discord_bot.command("fact edit", {"id": str(fact.id)}, user=MOD)
    forged = await discord_bot.submit(form.callback, {"text_en": "Vandalised.", "reason": "x"}, user=MEMBER)
    assert "Only moderators" in forged.callback["content"]
    with discord_bot.bot.store.session() as session:
        assert session.get(Fact, fact.id).text_en == fact.text_en


async def test_retract_then_revert(discord_bot):
    fact = first_departure(discord_bot, "barret-zoph")
    assert fact.text_en in await who_text(discord_bot, "Barret Zoph")
    reply = await discord_bot.command("fact retract", {"id": str(fact.id), "reason": "duplicate report"}, user=MOD)
    assert "is retracted" in reply.callback["content"]
    assert fact.text_en not in await who_text(discord_bot, "Barret Zoph")
    departures = await discord_bot.command("departures", {"year": 2024})
    assert fact.text_en not in shown_text(departures.callback)
    again = await discord_bot.command("fact retract", {"id": str(fact.id), "reason": "again"}, user=MOD)
    assert "already retracted" in again.callback["content"]
    restored = await discord_bot.command("fact revert", {"id": str(fact.id), "revision": "1"}, user=MOD)
    assert "restored as version 3" in restored.callback["content"]
    assert fact.text_en in await who_text(discord_bot, "Barret Zoph")
    missing = await discord_bot.command("fact revert", {"id": str(fact.id), "revision": "9"}, user=MOD)
    assert "has no version 9" in missing.callback["content"]


async def test_unknown_fact_id(discord_bot):
    reply = await discord_bot.command("fact show", {"id": "999999"}, user=MOD)
    assert "There is no fact #999999" in reply.callback["content"]


async def test_fact_id_autocomplete(discord_bot):
    reply = await discord_bot.autocomplete("fact show", "id", "Murati", user=MOD)
    assert 1 <= len(reply.choices) <= 25
    assert all(c["name"].startswith("#") for c in reply.choices)
    assert any("Mira Murati" in c["name"] for c in reply.choices)
    assert isinstance(reply.choices[0]["value"], int)


async def test_aliases_change_name_resolution(discord_bot):
    before = await discord_bot.command("who", {"person": "Tovarishch Ilyusha"})
    assert "I don't know anyone" in before.callback["content"]
    await discord_bot.command("alias add", {"person": "ilya-sutskever", "alias": "Tovarishch Ilyusha"}, user=MOD)
    after = await discord_bot.command("who", {"person": "Tovarishch Ilyusha"})
    assert after.callback["embeds"][0]["title"].startswith("Ilya Sutskever")
    removed = await discord_bot.command("alias remove", {"person": "sam-altman", "alias": "Sam Altaman"}, user=MOD)
    assert "no longer finds" in removed.callback["content"]
    assert not discord_bot.bot.store.names.resolve("Sam Altaman").best.exact


async def test_restart_and_reseed_keep_moderator_changes(settings, discord_bot):
    fact = first_departure(discord_bot, "mira-murati")
    form = await discord_bot.command("fact edit", {"id": str(fact.id)}, user=MOD)
    await discord_bot.submit(form.callback, {"text_en": "Kept across restarts.", "reason": "test"}, user=MOD)
    await discord_bot.command("alias add", {"person": "mira-murati", "alias": "Mirabelle Q"}, user=MOD)
    await discord_bot.close()
    store = Store.open(settings.database_url, data_dir=settings.data_dir)  # a restart seeds from data/ again
    restarted = await OfflineDiscord.start(settings, store)
    try:
        assert "Kept across restarts." in await who_text(restarted, "Mirabelle Q")
    finally:
        await restarted.close()
        store.close()


async def test_a_stale_form_gets_an_answer_and_changes_nothing(settings, discord_bot):
    fact = first_departure(discord_bot, "jan-leike")
    form = await discord_bot.command("fact edit", {"id": str(fact.id)}, user=MOD)
    await discord_bot.close()  # the bot restarts while the moderator is typing
    store = Store.open(settings.database_url)
    restarted = await OfflineDiscord.start(settings, store)
    try:
        reply = await restarted.submit(form.callback, {"text_en": "Too late.", "reason": "x"}, user=MOD, locale="zh-TW")
        assert reply.callback["flags"] & EPHEMERAL
        assert "表單已失效" in reply.callback["content"]
        with store.session() as session:
            assert session.get(Fact, fact.id).text_en == fact.text_en
    finally:
        await restarted.close()
        store.close()
