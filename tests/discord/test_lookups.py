"""/who, /departures and /timeline through the real discord.py stack and a fake Discord."""

from __future__ import annotations

import copy
import re

import pytest
from sqlmodel import select

from bot.domain.names import NameIndex
from bot.domain.script import to_simplified
from bot.offline.driver import OfflineDiscord, User
from db.models import Fact
from db.store import Store
from tests.discord.helpers import (
    AUTOCOMPLETE,
    CHANNEL_MESSAGE,
    DEFERRED_MESSAGE,
    EPHEMERAL,
    UPDATE_MESSAGE,
    buttons,
    footer,
    next_button,
    shown_text,
)

LOCALES = ["en-US", "zh-TW", "zh-CN"]
TRADITIONAL_ONLY = re.compile("[蘇爾亞聯創離職腦學會與為這們說時間]")


@pytest.mark.parametrize("locale", LOCALES)
async def test_who_answers_in_the_members_language_with_sources(discord_bot, locale):
    reply = await discord_bot.command("who", {"person": "蘇特斯科夫"}, locale=locale)
    assert reply.callback_type == CHANNEL_MESSAGE
    payload = reply.callback
    assert payload["allowed_mentions"] == {"parse": []}
    embed = payload["embeds"][0]
    assert embed["title"].startswith("Ilya Sutskever · ")
    text = shown_text(payload)
    assert re.search(r"\[\d\]", text), "answers cite numbered sources"
    if locale == "en-US":
        assert "Chief Scientist" in text and "Sources:" in footer(payload)
    elif locale == "zh-TW":
        assert "伊爾亞" in embed["title"] and "首席科學家" in text and "資料來源" in footer(payload)
    else:
        assert "伊尔亚" in embed["title"] and "首席科学家" in text and "资料来源" in footer(payload)
        assert to_simplified(text) == text, "no Traditional characters are left in a zh-CN answer"
        assert not TRADITIONAL_ONLY.search(text)


async def test_who_shows_disputed_claims_side_by_side(discord_bot):
    reply = await discord_bot.command("who", {"person": "Jan Leike"})
    pages = [copy.deepcopy(reply.message)]
    while any(":n:" in b["custom_id"] and not b.get("disabled") for b in buttons(pages[-1])):
        await discord_bot.press(pages[-1], next_button(pages[-1])["custom_id"])
        pages.append(dict(discord_bot.fake.messages[int(reply.message["id"])]))
    text = "\n".join(shown_text(p) for p in pages)
    # One statement (Leike co-led Superalignment), the articles' two dates side by side, each cited
    role = next(line for line in text.splitlines() if "Superalignment" in line and "2023-06" in line)
    assert "disputed" in role
    others = text.splitlines()[text.splitlines().index(role) + 1]
    assert "other reports" in others and "2023-07-05" in others and re.search(r"\[\d\]", others)


async def test_who_pages_only_for_the_member_who_asked(discord_bot):
    asker, other = User(id=1001, name="asker"), User(id=1002, name="other")
    reply = await discord_bot.command("who", {"person": "Ilya"}, user=asker)
    message = reply.message
    assert "1/" in footer(message)
    refused = await discord_bot.press(message, next_button(message)["custom_id"], user=other)
    assert refused.callback_type == CHANNEL_MESSAGE and refused.callback["flags"] & EPHEMERAL
    assert "Only the member who asked" in refused.callback["content"]
    assert "1/" in footer(discord_bot.fake.messages[int(message["id"])])
    turned = await discord_bot.press(message, next_button(message)["custom_id"], user=asker)
    assert turned.callback_type == UPDATE_MESSAGE
    assert "Page 2/" in footer(turned.callback)


async def test_paging_buttons_still_work_after_a_restart(settings, discord_bot):
    user = User(id=1001)
    message = (await discord_bot.command("who", {"person": "Sam Altman"}, user=user)).message
    custom_id = next_button(message)["custom_id"]
    await discord_bot.close()
    store = Store.open(settings.database_url, data_dir=settings.data_dir)
    restarted = await OfflineDiscord.start(settings, store)
    try:
        turned = await restarted.press(message, custom_id, user=user)
        assert turned.callback_type == UPDATE_MESSAGE
        assert "Page 2/" in footer(turned.callback)
    finally:
        await restarted.close()
        store.close()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("sutsk", "ilya-sutskever"), ("蘇茨", "ilya-sutskever"), ("altman", "sam-altman"), ("MURATI", "mira-murati")],
)
async def test_autocomplete_suggests_people_in_any_script(discord_bot, typed, expected):
    reply = await discord_bot.autocomplete("who", "person", typed)
    assert reply.callback_type == AUTOCOMPLETE
    assert 1 <= len(reply.choices) <= 25
    assert reply.choices[0]["value"] == expected


async def test_autocomplete_with_nothing_typed_stays_within_25(discord_bot):
    reply = await discord_bot.autocomplete("who", "person", "")
    assert len(reply.choices) == 25


async def test_picking_an_autocomplete_value_answers_for_that_person(discord_bot):
    reply = await discord_bot.command("who", {"person": "mira-murati"})
    assert reply.callback["embeds"][0]["title"].startswith("Mira Murati")


async def test_ambiguous_name_offers_a_choice(discord_bot):
    user = User(id=1001)
    reply = await discord_bot.command("who", {"person": "Kevin"}, user=user)
    menu = next(c for row in reply.callback["components"] for c in row["components"] if c["type"] == 3)
    values = {o["value"] for o in menu["options"]}
    assert {"kevin-scott", "kevin-weil"} <= values
    chosen = await discord_bot.press(reply.message, menu["custom_id"], values=["kevin-scott"], user=user)
    assert chosen.callback_type == UPDATE_MESSAGE
    assert chosen.callback["embeds"][0]["title"].startswith("Kevin Scott")


@pytest.mark.parametrize(
    ("locale", "expected"), [("en-US", "I don't know anyone"), ("zh-TW", "找不到"), ("zh-CN", "找不到")]
)
async def test_unknown_name_says_so_privately(discord_bot, locale, expected):
    reply = await discord_bot.command("who", {"person": "Zxqv Wrtplk"}, locale=locale)
    assert reply.callback["flags"] & EPHEMERAL
    assert expected in reply.callback["content"]


async def test_misspelt_name_suggests_close_names(discord_bot):
    reply = await discord_bot.command("who", {"person": "Ilyx Sutzkevvr Q"})
    content = reply.callback.get("content") or ""
    title = (reply.callback.get("embeds") or [{}])[0].get("title", "")
    assert "Ilya Sutskever" in content + title


@pytest.mark.parametrize("locale", LOCALES)
async def test_departures_are_sorted_by_date(discord_bot, locale):
    reply = await discord_bot.command("departures", {}, locale=locale)
    text = reply.callback["embeds"][0]["description"]
    dates = re.findall(r"^\*\*(\d{4}(?:-\d\d){0,2})\*\*", text, flags=re.M)
    assert dates and dates == sorted(dates)
    assert len([b for b in buttons(reply.message) if b["custom_id"].startswith("pg:")]) == 2, "a long list pages"


async def test_departures_filter_by_year(discord_bot):
    reply = await discord_bot.command("departures", {"year": 2024})
    text = reply.callback["embeds"][0]["description"]
    assert re.findall(r"^\*\*(\d{4})", text, flags=re.M) and set(re.findall(r"^\*\*(\d{4})", text, flags=re.M)) == {
        "2024"
    }


@pytest.mark.parametrize(("typed", "who"), [("Anthrophic", "Jan Leike"), ("特斯拉", "卡帕西")])
async def test_departures_destination_is_fuzzy(discord_bot, typed, who):
    locale = "zh-TW" if typed == "特斯拉" else "en-US"
    reply = await discord_bot.command("departures", {"destination": typed}, locale=locale)
    text = shown_text(reply.callback)
    assert who in text
    lines = [line for line in reply.callback["embeds"][0]["description"].splitlines() if line.startswith("**")]
    assert all("→" in line for line in lines)


async def test_departures_unknown_destination(discord_bot):
    reply = await discord_bot.command("departures", {"destination": "Qwxzzy Corp"})
    assert reply.callback["flags"] & EPHEMERAL
    assert "destination" in reply.callback["content"]


@pytest.mark.parametrize("locale", LOCALES)
async def test_timeline_for_a_year_keeps_dates_at_their_precision(discord_bot, locale):
    reply = await discord_bot.command("timeline", {"year": 2023}, locale=locale)
    text = reply.callback["embeds"][0]["description"]
    dates = re.findall(r"^\*\*([\d-]+)\*\*", text, flags=re.M)
    assert dates and all(d.startswith("2023") for d in dates)
    assert "2023" in dates or "2023-06" in dates, "year and month precision are shown as such"
    assert dates == sorted(dates)


async def test_timeline_every_page_is_within_discords_limits(discord_bot):
    reply = await discord_bot.command("timeline", {})
    message = reply.message
    seen = 1
    while not next_button(message).get("disabled"):
        await discord_bot.press(message, next_button(message)["custom_id"])
        message = discord_bot.fake.messages[int(message["id"])]
        seen += 1
    assert seen >= 10
    assert f"Page {seen}/{seen}" in footer(message)


async def test_timeline_range_and_person(discord_bot):
    reply = await discord_bot.command("timeline", {"start": "2023-11-17", "end": "2023-11-22", "person": "Sam Altman"})
    text = reply.callback["embeds"][0]["description"]
    dates = re.findall(r"^\*\*([\d-]+)\*\*", text, flags=re.M)
    assert dates and all("2023-11-17" <= d <= "2023-11-22" for d in dates)
    assert "Sam Altman" in reply.callback["embeds"][0]["title"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"start": "2023-13"}, "not a date I understand"),
        ({"start": "yesterday"}, "not a date I understand"),
        ({"end": "2023-02-30"}, "not a date I understand"),
        ({"start": "2024", "end": "2023"}, "ends (2023) before it starts (2024)"),
    ],
)
async def test_timeline_bad_dates_are_explained(discord_bot, options, expected):
    reply = await discord_bot.command("timeline", options)
    assert reply.callback["flags"] & EPHEMERAL
    assert expected in reply.callback["content"]


async def test_fact_text_with_everyone_cannot_ping(discord_bot):
    await discord_bot.bot.warmed()
    with discord_bot.bot.store.session() as session:
        fact = session.exec(select(Fact).where(Fact.subject_id == "mira-murati", Fact.predicate == "departed")).first()
        fact.text_en = "@everyone @here <@&123> look at this"
    discord_bot.bot.store.forget()  # written behind the revision log's back
    reply = await discord_bot.command("who", {"person": "Mira Murati"})
    assert reply.callback["allowed_mentions"] == {"parse": []}
    text = shown_text(reply.callback)
    assert "look at this" in text
    assert "@everyone" not in text and "@here" not in text and "<@&" not in text


async def test_typed_mentions_are_not_echoed_as_mentions(discord_bot):
    reply = await discord_bot.command("who", {"person": "@everyone"})
    assert reply.callback["allowed_mentions"] == {"parse": []}
    assert "@everyone" not in shown_text(reply.callback)


async def test_a_failure_becomes_a_short_private_message(discord_bot, monkeypatch):
    from bot.services import lookups

    def broken(*_args, **_kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(lookups, "who", broken)
    reply = await discord_bot.command("who", {"person": "Ilya"}, locale="zh-TW")
    assert reply.callback["flags"] & EPHEMERAL
    assert "出了點問題" in reply.callback["content"]
    assert "exploded" not in reply.callback["content"] and "Traceback" not in reply.callback["content"]


async def test_commands_carry_chinese_localisations(discord_bot):
    await discord_bot.bot.tree.sync()
    commands = {c["name"]: c for c in discord_bot.fake.commands["global"]}
    assert set(commands) >= {"who", "departures", "timeline"}
    assert commands["who"]["name_localizations"] == {"zh-TW": "人物", "zh-CN": "人物"}
    assert commands["departures"]["name_localizations"]["zh-CN"] == "离职"
    person = commands["who"]["options"][0]
    assert person["autocomplete"] is True
    assert person["description_localizations"]["zh-TW"].startswith("任何寫法")
    for command in commands.values():
        assert len(command.get("description", "")) <= 100  # context menus have none
        for text in command.get("description_localizations", {}).values():
            assert len(text) <= 100


async def test_the_fake_rejects_what_discord_rejects(discord_bot):
    """The limits the tests rely on are really enforced."""
    from bot.offline.limits import message_problems

    assert message_problems({"embeds": [{"title": "x" * 257}]})
    assert message_problems({"embeds": [{"description": "x" * 4000}, {"description": "x" * 2500}]})
    assert message_problems({"content": "x" * 2001})
    assert not message_problems({"embeds": [{"title": "ok", "description": "fine"}]})


async def test_a_failing_button_answers_privately_instead_of_failing(discord_bot, monkeypatch):
    from bot import ui

    user = User(id=1001)
    message = (await discord_bot.command("who", {"person": "Ilya"}, user=user)).message

    def broken(*_args):
        raise RuntimeError("boom")

    monkeypatch.setitem(ui.REBUILDERS, "who", broken)
    reply = await discord_bot.press(message, next_button(message)["custom_id"], user=user)
    assert reply.callback["flags"] & EPHEMERAL
    assert "Something went wrong" in reply.callback["content"]


async def test_forged_page_button_with_an_unknown_person_is_handled(discord_bot):
    user = User(id=1001)
    message = (await discord_bot.command("who", {"person": "Ilya"}, user=user)).message
    forged = dict(message)
    custom_id = f"pg:who:{user.id}:1:n:no-such-person"
    forged["components"] = [{"type": 1, "components": [{"type": 2, "style": 2, "label": "x", "custom_id": custom_id}]}]
    reply = await discord_bot.press(forged, custom_id, user=user)
    assert reply.callback_type == CHANNEL_MESSAGE and reply.callback["flags"] & EPHEMERAL
    assert "I don't know anyone called “no-such-person”" in reply.callback["content"]


async def test_expensive_commands_have_a_per_member_cooldown(discord_bot):
    for _ in range(2):
        assert (await discord_bot.command("chart departures", {}, user=User(id=7001))).message["attachments"]
    slowed = await discord_bot.command("chart departures", {}, user=User(id=7001), locale="zh-TW")
    assert slowed.callback["flags"] & EPHEMERAL and "請稍候" in slowed.callback["content"]
    other = await discord_bot.command("chart departures", {}, user=User(id=7002))
    assert other.message["attachments"], "another member is not slowed down"


async def test_every_command_and_option_description_is_localised(discord_bot):
    await discord_bot.bot.tree.sync()

    def walk(items):
        for item in items:
            yield item
            yield from walk(item.get("options") or [])

    missing = []
    for command in discord_bot.fake.commands["global"]:
        for item in walk([command]):
            if item.get("type") in (3, 4, 5, 6, 7, 8, 10, 1, 2, None) and item.get("description"):
                for locale in ("zh-TW", "zh-CN"):
                    text = (item.get("description_localizations") or {}).get(locale)
                    if not text or len(text) > 100:
                        missing.append((command["name"], item["name"], locale))
    assert missing == []


async def test_the_name_index_is_ready_before_the_first_member_asks(discord_bot, monkeypatch):
    """Building the index takes a second at 100x the data: it happens while the bot starts, not
    in the first member's /who."""

    def rebuild(*_args, **_kwargs):
        raise AssertionError("the name index was built on a member's request")

    monkeypatch.setattr(NameIndex, "build", rebuild)
    reply = await discord_bot.command("who", {"person": "Ilia Sutskevar"})
    assert "Ilya Sutskever" in reply.message["embeds"][0]["title"]


STATEMENT_PEOPLE = ["Ilya Sutskever", "Mira Murati", "Andrej Karpathy", "Sam Altman", "Greg Brockman"]


def _rows(payload: dict) -> list[str]:
    rows = []
    for embed in payload.get("embeds") or []:
        for field in embed.get("fields") or []:
            rows += [ln.strip() for ln in field["value"].splitlines() if ln.strip()]
        rows += [ln.strip() for ln in (embed.get("description") or "").splitlines() if ln.strip()]
    return rows


@pytest.mark.parametrize("locale", ["en-US", "zh-TW", "zh-CN"])
@pytest.mark.parametrize("person", STATEMENT_PEOPLE)
async def test_who_card_lists_each_statement_once_with_role_dates(discord_bot, person, locale):
    reply = await discord_bot.command("who", {"person": person}, locale=locale)
    first = copy.deepcopy(reply.message)
    rows = _rows(first)
    assert len(rows) == len(set(rows)), "no row twice on the card"
    fields = {f["name"]: f["value"] for f in first["embeds"][0]["fields"]}
    role_titles = {
        "en-US": ("Current role", "Last role"),
        "zh-TW": ("目前職位", "最後職位"),
        "zh-CN": ("目前职位", "最后职位"),
    }
    head = next(v for k, v in fields.items() if k in role_titles[locale])
    assert re.search(r"\d{4}", head), "the current or last role carries its dates"
    pages = [first]
    while any(":n:" in b["custom_id"] and not b.get("disabled") for b in buttons(pages[-1])):
        await discord_bot.press(pages[-1], next_button(pages[-1])["custom_id"])
        pages.append(copy.deepcopy(discord_bot.fake.messages[int(reply.message["id"])]))
    assert len(pages) <= 2, "a card and one page of background"
    everything = [row for page in pages for row in _rows(page) if not row.startswith("↳")]
    assert len(everything) == len(set(everything)), "no statement appears twice across the pages"


async def test_murati_last_role_is_cto_until_she_left(discord_bot):
    reply = await discord_bot.command("who", {"person": "Mira Murati"})
    fields = {f["name"]: f["value"] for f in reply.message["embeds"][0]["fields"]}
    assert "Current role" not in fields, "she left in September 2024"
    assert fields["Last role"].startswith("Chief Technology Officer, OpenAI") and "2024-09" in fields["Last role"]
    roles = fields["Roles"]
    assert roles.count("Chief Technology Officer") == 0, "the last role is not listed again"
    assert "Interim Chief Executive Officer, OpenAI · 2023-11-17 – 2023-11-19" in roles


@pytest.mark.parametrize("locale", ["en-US", "zh-TW", "zh-CN"])
async def test_departures_list_each_exit_once_with_every_destination(discord_bot, locale):
    reply = await discord_bot.command("departures", {"year": 2024}, locale=locale)
    text = "\n".join(_rows(reply.message))
    sutskever = {"en-US": "Ilya Sutskever", "zh-TW": "伊爾亞·蘇茨克維", "zh-CN": "伊尔亚·苏茨克维"}[locale]
    assert text.count(f"**{sutskever}**") == 1
    all_years = await discord_bot.command("departures", {"destination": "Tesla"}, locale=locale)
    karpathy = "\n".join(_rows(all_years.message))
    assert "**2017**" in karpathy and ("Karpathy" in karpathy or "卡帕西" in karpathy)
    musk = await discord_bot.command("departures", {"year": 2018}, locale=locale)
    board = {"en-US": "left the board", "zh-TW": "退出董事會", "zh-CN": "退出董事会"}[locale]
    assert board in "\n".join(_rows(musk.message))


async def test_a_slow_answer_is_deferred_then_delivered(discord_bot, monkeypatch):
    """The first answer after an edit rebuilds the statements (seconds at a hundred times the data):
    the bot defers before Discord's 3 s limit and sends the answer as a follow-up."""
    import time

    from bot import ui
    from bot.services import lookups

    real = lookups.who

    def slow(*args, **kwargs):
        with discord_bot.bot.store.session():  # needs the database: on to a worker thread
            time.sleep(0.4)  # as a rebuild would take there
        return real(*args, **kwargs)

    monkeypatch.setattr(ui, "SLOW_AFTER", 0.05)
    monkeypatch.setattr(lookups, "who", slow)
    reply = await discord_bot.command("who", {"person": "Ilya"})
    assert reply.callback_type == DEFERRED_MESSAGE  # "Almanac is thinking…"
    assert "Ilya Sutskever" in shown_text(reply.message)
