from __future__ import annotations

from datetime import date

import pytest

from bot.services.ask import ask_index
from db.store import Store

TODAY = date(2024, 10, 5)  # what 去年, "last month" ... resolve against in these tests


@pytest.fixture(scope="module")
def seeded_store(seeded_template, data_dir):
    store = Store.open(seeded_template)
    store.data_dir = data_dir
    yield store
    store.close()


@pytest.fixture(scope="module")
def index(seeded_store):
    return ask_index(seeded_store)
