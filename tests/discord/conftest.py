"""Discord-level fixtures: the real bot, logged in to a local fake of Discord's API."""

from __future__ import annotations

import pytest

from bot.offline.driver import OfflineDiscord
from bot.settings import Settings
from db.store import Store


@pytest.fixture
def settings(db_copy, data_dir) -> Settings:
    return Settings(database_url=db_copy, data_dir=data_dir)


@pytest.fixture
async def discord_bot(settings):
    store = Store.open(settings.database_url)  # already seeded: the copy of the template
    offline = await OfflineDiscord.start(settings, store)
    yield offline
    await offline.close()
    store.close()
    # Whatever a test did, the bot never sent Discord a payload it would reject.
    assert offline.fake.rejections == []
