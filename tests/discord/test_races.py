"""Writes that lose a race get their own answer: moderators act at the same moment through the real
discord.py stack, the database decides who wins, and nobody is told "Something went wrong"."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from bot.offline.driver import ALL_PERMISSIONS, User
from db.models import Alias, Fact, Revision

MODS = [User(id=810 + n, name=f"mod{n}", permissions=ALL_PERMISSIONS) for n in range(8)]
GENERIC = ("Something went wrong", "出了點問題")


def answers(replies) -> list[str]:  # noqa: ANN001
    texts = [r.callback["content"] for r in replies]
    assert not [t for t in texts if any(g in t for g in GENERIC)], texts
    return texts


async def test_the_same_alias_added_at_once(discord_bot):
    replies = await asyncio.gather(
        *(discord_bot.command("alias add", {"person": "ilya-sutskever", "alias": "Ilyusha Race"}, user=m) for m in MODS)
    )
    texts = answers(replies)
    assert sum("now finds" in t for t in texts) == 1
    assert sum("already an alias" in t for t in texts) == len(MODS) - 1
    with discord_bot.bot.store.session() as session:
        assert len(session.exec(select(Alias).where(Alias.text == "Ilyusha Race")).all()) == 1


async def test_forms_opened_at_the_same_version_and_saved_at_once(discord_bot):
    forms = [await discord_bot.command("fact edit", {"id": "5"}, user=m) for m in MODS]
    replies = await asyncio.gather(
        *(
            discord_bot.submit(f.callback, {"text_en": f"Edited by {m.name}.", "reason": "race"}, user=m)
            for f, m in zip(forms, MODS, strict=True)
        )
    )
    texts = answers(replies)
    winners = [t for t in texts if "is now version 2" in t]
    assert len(winners) == 1
    assert sum("was changed by someone else" in t for t in texts) == len(MODS) - 1
    with discord_bot.bot.store.session() as session:
        assert session.get(Fact, 5).version == 2
        assert len(session.exec(select(Revision).where(Revision.fact_id == 5)).all()) == 2


async def test_the_same_fact_retracted_at_once(discord_bot):
    replies = await asyncio.gather(
        *(discord_bot.command("fact retract", {"id": "7", "reason": "race"}, user=m) for m in MODS)
    )
    texts = answers(replies)
    assert sum("is retracted" in t for t in texts) == 1
    assert sum("already retracted" in t for t in texts) == len(MODS) - 1
