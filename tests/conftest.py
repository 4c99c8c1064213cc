from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.dataset import Dataset, load_dataset
from bot.settings import DEFAULT_ARTICLES_DIR, DEFAULT_DATA_DIR
from db.store import Store
from tests.dbs import Databases


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DEFAULT_DATA_DIR


@pytest.fixture(scope="session")
def articles_dir() -> Path | None:
    return DEFAULT_ARTICLES_DIR if DEFAULT_ARTICLES_DIR.is_dir() else None


@pytest.fixture(scope="session")
def dataset(data_dir: Path) -> Dataset:
    return load_dataset(data_dir)


@pytest.fixture(scope="session")
def databases():
    dbs = Databases()
    yield dbs
    dbs.close()


@pytest.fixture
def db_url(tmp_path: Path, databases: Databases) -> str:
    return databases.new(tmp_path)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory, databases: Databases, data_dir: Path) -> str:
    """Seeded once per run; tests that need a seeded store take a copy (db_copy)."""
    return databases.seeded(tmp_path_factory.mktemp("template"), data_dir)


@pytest.fixture
def db_copy(seeded_template: str, tmp_path: Path, databases: Databases) -> str:
    return databases.copy(seeded_template, tmp_path)


@pytest.fixture
def store(db_url: str, data_dir: Path):
    opened = Store.open(db_url, data_dir=data_dir)
    yield opened
    opened.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ANN001, ARG001
    """How many generated hostile inputs each command answered cleanly (tests/discord/test_bad_input.py),
    and the /ask question set's accuracy (tests/ask/test_questions.py)."""
    _ask_report(terminalreporter)
    try:
        from tests.discord.test_bad_input import SURVIVED
    except ImportError:
        return
    if SURVIVED:
        terminalreporter.section("generated bad input survived")
        for name, count in sorted(SURVIVED.items()):
            terminalreporter.write_line(f"{name:<24} {count} inputs")


def _ask_report(terminalreporter) -> None:  # noqa: ANN001
    try:
        from tests.ask.test_questions import REPORT
    except ImportError:
        return
    if REPORT:
        terminalreporter.section("/ask question set")
        terminalreporter.write_line(f"accuracy {REPORT['accuracy']:.1%} of {REPORT['total']} questions")
        for question, problem in REPORT["failures"].items():
            terminalreporter.write_line(f"  {question}: {problem}")
