"""/chart, /sources, /about and /help through the fake Discord."""

from __future__ import annotations

import re

import pytest

from tests.discord.helpers import EPHEMERAL, shown_text

LOCALES = ["en-US", "zh-TW", "zh-CN"]


@pytest.mark.parametrize("locale", LOCALES)
async def test_chart_arrives_as_an_image_attachment(discord_bot, locale):
    reply = await discord_bot.command("chart tenure", {"group": "founders"}, locale=locale)
    message = reply.message
    assert message["embeds"][0]["image"]["url"] == "attachment://tenure-founders.png"
    assert message["attachments"][0]["filename"] == "tenure-founders.png"
    files = discord_bot.fake.files_of(int(message["id"]))
    assert files and files[0]["data"].startswith(b"\x89PNG")
    # The picture in words, for screen readers and for reading: in the embed and as the image's alt text
    alt = message["attachments"][0]["description"]
    assert alt and alt in message["embeds"][0]["description"]
    assert ("Ilya Sutskever" if locale == "en-US" else "伊") in alt and re.search(r"2024-05", alt)


async def test_departures_chart(discord_bot):
    reply = await discord_bot.command("chart departures", {})
    assert reply.message["attachments"][0]["filename"] == "departures.png"


@pytest.mark.parametrize("locale", LOCALES)
async def test_sources_lists_the_articles_with_fact_counts(discord_bot, locale):
    reply = await discord_bot.command("sources", {}, locale=locale)
    text = reply.callback["embeds"][0]["description"]
    numbers = re.findall(r"\*\*\[(\d)\]\*\*", text)
    assert numbers == ["1", "2", "3", "4", "5"]
    assert "CSDN" in text and "2024-09-26" in text


async def test_citation_numbers_match_sources(discord_bot):
    sources = (await discord_bot.command("sources", {})).callback["embeds"][0]["description"]
    csdn_number = re.search(r"\*\*\[(\d)\]\*\* [^\n]*\nCSDN", sources)[1]
    who = await discord_bot.command("who", {"person": "Mira Murati"})
    assert f"[{csdn_number}] CSDN" in who.callback["embeds"][0]["footer"]["text"]


@pytest.mark.parametrize("locale", LOCALES)
async def test_about_reports_what_is_known(discord_bot, locale, dataset):
    reply = await discord_bot.command("about", {}, locale=locale)
    text = shown_text(reply.callback)
    assert str(len(dataset.facts)) in text and "0.1.0" in text


@pytest.mark.parametrize(("locale", "word"), [("en-US", "commands"), ("zh-TW", "指令說明"), ("zh-CN", "指令说明")])
async def test_help_lists_every_command_with_an_example(discord_bot, locale, word):
    reply = await discord_bot.command("help", {}, locale=locale)
    assert reply.callback["flags"] & EPHEMERAL
    text = shown_text(reply.callback)
    assert word in text
    for command in ("/who", "/departures", "/timeline", "/sources", "/chart", "/quiz", "/fact", "/alias", "/about"):
        assert command in text
