"""The database file is deleted or replaced while the bot runs: no write is acknowledged that
would then be lost; members and moderators are told nothing was saved."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.dbs import sqlite_only
from tests.discord.helpers import EPHEMERAL, buttons
from tests.discord.test_faults import ALICE, MOD, db_file, post_one_question

pytestmark = sqlite_only


@pytest.mark.parametrize("how", ["deleted", "replaced"])
async def test_writes_after_the_file_is_gone_are_refused(discord_bot, how):
    post = await post_one_question(discord_bot)
    path = db_file(discord_bot)
    if how == "deleted":
        os.remove(path)
    else:  # e.g. a restore run while the bot was still up
        shutil.copy(path, f"{path}.copy")
        os.replace(f"{path}.copy", path)

    reply = await discord_bot.press(post, buttons(post)[0]["custom_id"], user=ALICE)
    assert reply.callback["flags"] & EPHEMERAL
    assert "locked in" not in reply.callback["content"]
    assert "nothing was changed" in reply.callback["content"]

    retract = await discord_bot.command("fact retract", {"id": "1", "reason": "deleted file test"}, user=MOD)
    assert "nothing was changed" in retract.callback["content"]
