"""Discord-level fixtures: the real bot, logged in to a local fake of Discord's API."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.offline.driver import OfflineDiscord
from bot.settings import Settings
from db.store import Store


@pytest.fixture(scope="session")
def seeded_db_file(tmp_path_factory, data_dir) -> Path:
    """Seed once per run; each test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("template") / "almanac.db"
    Store.open(f"sqlite:///{path}", data_dir=data_dir).close()
    return path


@pytest.fixture
def db_copy(seeded_db_file, tmp_path) -> str:
    target = tmp_path / "almanac.db"
    shutil.copy(seeded_db_file, target)
    return f"sqlite:///{target}"


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
