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


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ANN001, ARG001
    """How many generated hostile inputs each command answered cleanly (tests/discord/test_bad_input.py)."""
    try:
        from tests.discord.test_bad_input import SURVIVED
    except ImportError:
        return
    if SURVIVED:
        terminalreporter.section("generated bad input survived")
        for name, count in sorted(SURVIVED.items()):
            terminalreporter.write_line(f"{name:<24} {count} inputs")
