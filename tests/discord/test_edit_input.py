"""Moderators' input through the real discord.py stack: an edit changes exactly what the moderator
changed, limits are enforced with a message and never by cutting text, and what is stored is
checked (names, roles per language, sources, dates, control characters, mention syntax)."""

from __future__ import annotations

import json

import discord
import pytest
from sqlmodel import select

from bot.client import Almanac
from bot.offline.driver import ALL_PERMISSIONS, GUILD_ID, OFFLINE_TOKEN, OfflineDiscord, User, modal_fields
from bot.offline.fake_discord import FakeDiscord
from bot.settings import Settings
from db.models import Alias, Fact, Revision, Source
from db.store import Store
from tests.discord.helpers import EPHEMERAL, shown_text

MOD = User(id=800, name="mod", permissions=ALL_PERMISSIONS)
MEMBER = User(id=802, name="member")
MODAL = 9


def fact_by(discord_bot: OfflineDiscord, **where: str) -> Fact:
    with discord_bot.bot.store.session() as session:
        stmt = select(Fact).order_by(Fact.id)
        for name, value in where.items():
            stmt = stmt.where(getattr(Fact, name).like(value))
        return session.exec(stmt).first()


def stored(discord_bot: OfflineDiscord, fact_id: int) -> tuple[Fact, int]:
    with discord_bot.bot.store.session() as session:
        revisions = len(session.exec(select(Revision).where(Revision.fact_id == fact_id)).all())
        return session.get(Fact, fact_id), revisions


async def open_and_submit(discord_bot, fact_id: int, values: dict[str, str], *, locale: str = "en-US"):
    form = await discord_bot.command("fact edit", {"id": str(fact_id)}, user=MOD, locale=locale)
    assert form.callback_type == MODAL, form.callback
    return form, await discord_bot.submit(form.callback, values, user=MOD, locale=locale)


# -- item 1 and 3: an unchanged form changes nothing ----------------------------------------


@pytest.mark.parametrize("locale", ["en-US", "zh-TW", "zh-CN"])
@pytest.mark.parametrize(
    "where",
    [
        {"text_zh": "%宣布%"},  # Simplified-looking characters a second conversion would change
        {"text_zh": "%達里奧%"},
        {"predicate": "educated_at", "role_en": "PhD"},  # a role on a fact whose detail is not a role
        {"predicate": "held_role"},
    ],
    ids=["宣布", "達里奧", "educated_at", "held_role"],
)
async def test_an_unchanged_form_changes_nothing(discord_bot, where, locale):
    fact = fact_by(discord_bot, **where)
    before, revisions = stored(discord_bot, fact.id)
    _form, reply = await open_and_submit(discord_bot, fact.id, {"reason": "just looking"}, locale=locale)
    assert reply.callback["flags"] & EPHEMERAL
    expected = {"en-US": "Nothing changed", "zh-TW": "內容沒有變動", "zh-CN": "内容没有变动"}[locale]
    assert expected in reply.callback["content"]
    after, revisions_after = stored(discord_bot, fact.id)
    assert after.model_dump() == before.model_dump()
    assert revisions_after == revisions
    assert after.dataset_hash is not None, "the fact still follows dataset updates"


async def test_an_edit_changes_only_the_field_the_moderator_changed(discord_bot):
    fact = fact_by(discord_bot, text_zh="%宣布%")
    _form, reply = await open_and_submit(
        discord_bot, fact.id, {"text_en": "The Superalignment team was announced.", "reason": "wording"}
    )
    assert "is now version 2" in reply.callback["content"]
    after, _ = stored(discord_bot, fact.id)
    assert after.text_en == "The Superalignment team was announced."
    assert after.text_zh == fact.text_zh and "宣布" in after.text_zh
    with discord_bot.bot.store.session() as session:
        revision = session.exec(select(Revision).where(Revision.fact_id == fact.id, Revision.version == 2)).one()
    before, now = json.loads(revision.before), json.loads(revision.after)
    assert [k for k in now if now[k] != before[k]] == ["text_en"]


async def test_an_educated_at_edit_of_the_dates_keeps_role_and_value(discord_bot):
    fact = fact_by(discord_bot, predicate="educated_at", role_en="PhD")
    _form, reply = await open_and_submit(discord_bot, fact.id, {"dates": "2010", "reason": "year"})
    assert "is now version" in reply.callback["content"]
    after, _ = stored(discord_bot, fact.id)
    assert (after.start, after.role_en, after.value) == ("2010", fact.role_en, fact.value)


async def test_a_chinese_reader_changing_the_title_changes_only_the_chinese_title(discord_bot):
    fact = fact_by(discord_bot, predicate="held_role", role_zh="%")
    form, reply = await open_and_submit(discord_bot, fact.id, {"detail": "测试职称", "reason": "x"}, locale="zh-CN")
    assert "第 2 版" in reply.callback["content"]
    after, _ = stored(discord_bot, fact.id)
    assert after.role_zh == "測試職稱" and after.role_en == fact.role_en


# -- item 2: one set of limits, never truncation ---------------------------------------------


async def test_an_unchanged_edit_keeps_a_long_value_whole(discord_bot):
    value = "v" * 300
    added = await discord_bot.command(
        "fact add",
        {"subject": "sam-altman", "predicate": "event", "source": "a000", "text_en": "A long value.", "value": value},
        user=MOD,
    )
    assert "Added fact" in added.callback["content"]
    fact = fact_by(discord_bot, text_en="A long value.")
    assert fact.value == value
    form, reply = await open_and_submit(discord_bot, fact.id, {"text_en": "A long value, reworded.", "reason": "x"})
    assert {f["custom_id"]: f.get("value") for f in modal_fields(form.callback)}["detail"] == value
    assert stored(discord_bot, fact.id)[0].value == value


async def test_a_text_longer_than_the_limit_from_before_stays_whole(discord_bot):
    fact = fact_by(discord_bot, predicate="departed")
    long_text = "x" * 1200
    with discord_bot.bot.store.session() as session:
        session.get(Fact, fact.id).text_en = long_text
    _form, reply = await open_and_submit(discord_bot, fact.id, {"dates": "2024", "reason": "x"})
    assert "is now version" in reply.callback["content"]
    assert stored(discord_bot, fact.id)[0].text_en == long_text


async def test_a_text_too_long_for_any_form_is_not_opened_cut_short(discord_bot):
    fact = fact_by(discord_bot, predicate="departed")
    with discord_bot.bot.store.session() as session:
        session.get(Fact, fact.id).text_en = "y" * 5000
    reply = await discord_bot.command("fact edit", {"id": str(fact.id)}, user=MOD, locale="zh-TW")
    assert reply.callback_type != MODAL
    assert "無法用表單編輯" in reply.callback["content"]
    assert stored(discord_bot, fact.id)[0].text_en == "y" * 5000


@pytest.mark.parametrize(
    ("option", "size", "limit"), [("text_en", 901, 900), ("value", 301, 300), ("role", 151, 150), ("reason", 501, 500)]
)
async def test_add_refuses_what_is_too_long_with_a_message(discord_bot, option, size, limit):
    options = {"subject": "sam-altman", "predicate": "event", "source": "a000", "text_en": "Fine.", option: "z" * size}
    reply = await discord_bot.command("fact add", options, user=MOD)
    assert f"{option} is {size} characters long; it can have at most {limit}" in reply.callback["content"]
    assert fact_by(discord_bot, text_en="Fine.") is None


async def test_an_edit_refuses_a_text_over_the_limit(discord_bot):
    fact = fact_by(discord_bot, predicate="departed")
    _form, reply = await open_and_submit(discord_bot, fact.id, {"text_en": "w" * 901, "reason": "x"}, locale="zh-CN")
    assert "上限为 900" in reply.callback["content"]
    assert stored(discord_bot, fact.id)[0].text_en == fact.text_en


# -- item 9: an alias that would make a name ambiguous ---------------------------------------


@pytest.mark.parametrize(
    ("locale", "expected"), [("en-US", "already finds Sam Altman"), ("zh-TW", "已經會找到 Sam Altman")]
)
async def test_an_alias_equal_to_another_persons_name_is_refused(discord_bot, locale, expected):
    reply = await discord_bot.command(
        "alias add", {"person": "greg-brockman", "alias": "Sam Altman"}, user=MOD, locale=locale
    )
    assert expected in reply.callback["content"]
    who = await discord_bot.command("who", {"person": "Sam Altman"})
    assert who.callback["embeds"][0]["title"].startswith("Sam Altman")


# -- item 10: required fields per language ----------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en-US", "role title in English"), ("zh-TW", "請同時提供英文職稱"), ("zh-CN", "请同时提供英文职称")],
)
async def test_a_role_only_in_chinese_is_refused(discord_bot, locale, expected):
    options = {
        "subject": "mira-murati",
        "predicate": "held_role",
        "object": "openai",
        "source": "a000",
        "text_en": "A test role.",
        "role": "測試長",
    }
    reply = await discord_bot.command("fact add", options, user=MOD, locale=locale)
    assert expected in reply.callback["content"]
    assert fact_by(discord_bot, text_en="A test role.") is None
    both = await discord_bot.command("fact add", {**options, "role": "Test Officer", "role_zh": "測試長"}, user=MOD)
    assert "Added fact" in both.callback["content"]
    added = fact_by(discord_bot, text_en="A test role.")
    assert (added.role_en, added.role_zh) == ("Test Officer", "測試長")


# -- item 11: sources -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "title", "expected"),
    [
        ("http://", "A report", "is not a web address I can cite"),
        ("javascript:alert(1)", "A report", "is not a web address I can cite"),
        ("https://exa mple.org/x", "A report", "is not a web address I can cite"),
        ("ftp://example.org/x", "A report", "is not a web address I can cite"),
        ("https://example.org/x", "...", "must be words a reader can recognise"),
    ],
)
async def test_a_new_source_needs_a_real_address_and_title(discord_bot, url, title, expected):
    with discord_bot.bot.store.session() as session:
        before = len(session.exec(select(Source)).all())
    reply = await discord_bot.command(
        "fact add",
        {
            "subject": "sam-altman",
            "predicate": "event",
            "source": "new",
            "text_en": "Sourced elsewhere.",
            "source_url": url,
            "source_title": title,
        },
        user=MOD,
    )
    assert expected in reply.callback["content"]
    with discord_bot.bot.store.session() as session:
        assert len(session.exec(select(Source)).all()) == before


async def test_a_new_sources_publisher_defaults_to_its_host(discord_bot):
    reply = await discord_bot.command(
        "fact add",
        {
            "subject": "sam-altman",
            "predicate": "event",
            "source": "new",
            "text_en": "Sourced elsewhere.",
            "source_url": "https://news.example.org/a?b=c",
            "source_title": "A report <@&123456789012345678>",
        },
        user=MOD,
    )
    assert "New source recorded" in reply.callback["content"]
    sources = await discord_bot.command("sources")
    text = shown_text(sources.callback)
    assert "news.example.org" in text
    assert "<@&" not in text and "A report <\u200b@\u200b&123456789012345678>" in text


# -- item 12a: dates --------------------------------------------------------------------------


@pytest.mark.parametrize("when", ["0000", "9999-12-31", "1899"])
async def test_dates_outside_what_a_fact_can_have_are_refused(discord_bot, when):
    reply = await discord_bot.command(
        "fact add",
        {"subject": "sam-altman", "predicate": "event", "source": "a000", "text_en": "Dated.", "start": when},
        user=MOD,
    )
    assert "outside the dates a fact can have (1900 to" in reply.callback["content"]
    fact = fact_by(discord_bot, predicate="departed")
    _form, edit = await open_and_submit(discord_bot, fact.id, {"dates": when, "reason": "x"}, locale="zh-TW")
    assert "超出事實可用的日期範圍" in edit.callback["content"]


# -- item 17: ids and whole numbers -----------------------------------------------------------


@pytest.mark.parametrize("typed", ["²", "١٢", "#³", "1" * 40])
async def test_fact_id_autocomplete_takes_any_text(discord_bot, typed):
    reply = await discord_bot.autocomplete("fact show", "id", typed, user=MOD)
    assert reply.callback_type == 8
    assert all(c["name"].startswith("#") for c in reply.choices)


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("fact show", {"id": str(2**53)}),
        ("fact show", {"id": "0"}),
        ("fact revert", {"id": "1", "revision": str(10**15)}),
        ("departures", {"year": str(-(2**40))}),
        ("quiz setup", {"channel": "555", "time": "09:00", "timezone": "UTC", "open_hours": str(2**62)}),
    ],
)
async def test_whole_numbers_outside_the_option_range_get_a_message(discord_bot, command, options):
    reply = await discord_bot.command(command, options, user=MOD, locale="zh-CN")
    assert reply.callback["flags"] & EPHEMERAL
    assert "必须是" in reply.callback["content"] and "之间的整数" in reply.callback["content"]


async def test_every_whole_number_option_declares_its_range(discord_bot):
    for command in discord_bot.bot.tree.walk_commands():
        for param in getattr(command, "parameters", []):
            if param.type.name in ("integer", "number"):
                assert param.min_value is not None and param.max_value is not None, (command.qualified_name, param)


# -- item 18: control characters and mention syntax -------------------------------------------


async def test_control_characters_are_stripped_and_line_breaks_kept(discord_bot):
    reply = await discord_bot.command(
        "fact add",
        {
            "subject": "sam-altman",
            "predicate": "event",
            "source": "a000",
            "text_en": "Line\x00 one\x1b[31m\nline\u202e two\x07",
            "value": "a\nb",
        },
        user=MOD,
    )
    assert "Added fact" in reply.callback["content"]
    fact = fact_by(discord_bot, text_en="Line one%")
    assert fact.text_en == "Line one[31m\nline two"
    assert fact.value == "a b"


async def test_mention_syntax_in_an_alias_is_shown_escaped(discord_bot):
    reply = await discord_bot.command("alias add", {"person": "sam-altman", "alias": "@everyone <@&12345>"}, user=MOD)
    content = reply.callback["content"]
    assert "@everyone" not in content and "<@&" not in content
    assert "@\u200beveryone" in content
    with discord_bot.bot.store.session() as session:
        assert session.exec(select(Alias).where(Alias.text == "@everyone <@&12345>")).one()


# -- item 19: moderation only in the owner's servers ------------------------------------------


async def test_moderation_is_refused_until_home_servers_are_set(settings, seeded_template, databases, tmp_path):
    """Offline the fake server counts as home; any other server is refused when HOME_GUILD_IDS is unset."""
    unset = Settings(database_url=databases.copy(seeded_template, tmp_path, "unset"), data_dir=settings.data_dir)
    store = Store.open(unset.database_url)
    offline = await OfflineDiscord.start(unset, store)
    try:
        elsewhere = await offline.command("fact show", {"id": "1"}, user=MOD, guild_id=GUILD_ID + 7)
        assert f"HOME_GUILD_IDS={GUILD_ID + 7}" in elsewhere.callback["content"]
        chinese = await offline.command(
            "fact retract", {"id": "1", "reason": "x"}, user=MOD, guild_id=GUILD_ID + 7, locale="zh-TW"
        )
        assert "HOME_GUILD_IDS" in chinese.callback["content"] and "管理功能不會開放" in chinese.callback["content"]
        with store.session() as session:
            assert session.get(Fact, 1).status == "active"
        offline_console = await offline.command("fact show", {"id": "1"}, user=MOD)
        assert offline_console.callback["embeds"][0]["title"].startswith("#1")
    finally:
        await offline.close()
        store.close()


async def test_a_start_without_home_servers_logs_a_warning(settings, caplog):
    fake = FakeDiscord()
    await fake.start()
    discord.http.Route.BASE = fake.base_url
    store = Store.open(settings.database_url)
    bot = Almanac(settings, store)
    try:
        with caplog.at_level("WARNING"):
            await bot.login(OFFLINE_TOKEN)
    finally:
        await bot.close()
        await fake.close()
        store.close()
    assert any("HOME_GUILD_IDS is not set" in r.getMessage() for r in caplog.records)


# -- item 20: moderator autocompletes answer moderators only ----------------------------------


@pytest.mark.parametrize(
    ("command", "option", "typed"),
    [("fact edit", "id", "Murati"), ("fact retract", "id", "1"), ("fact add", "subject", "Sam")],
)
async def test_moderator_autocompletes_give_members_nothing(discord_bot, command, option, typed):
    fact = fact_by(discord_bot, predicate="departed")
    await discord_bot.command("fact retract", {"id": str(fact.id), "reason": "test"}, user=MOD)
    member = await discord_bot.autocomplete(command, option, typed, user=MEMBER)
    assert member.callback_type == 8 and member.choices == []
    moderator = await discord_bot.autocomplete(command, option, typed, user=MOD)
    assert moderator.choices
