from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.dataset import Dataset, load_dataset
from bot.settings import DEFAULT_ARTICLES_DIR, DEFAULT_DATA_DIR
from db.store import Store


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DEFAULT_DATA_DIR


@pytest.fixture(scope="session")
def articles_dir() -> Path | None:
    return DEFAULT_ARTICLES_DIR if DEFAULT_ARTICLES_DIR.is_dir() else None


@pytest.fixture(scope="session")
def dataset(data_dir: Path) -> Dataset:
    return load_dataset(data_dir)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'almanac.db'}"


@pytest.fixture
def store(db_url: str, data_dir: Path):
    opened = Store.open(db_url, data_dir=data_dir)
    yield opened
    opened.close()
