"""Four processes starting together on a new database: every one starts, and the dataset is
loaded exactly once (SQLite, and PostgreSQL when ALMANAC_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import subprocess
import sys
import time

from sqlmodel import select

from bot.settings import PROJECT_ROOT
from db.models import Fact, Revision
from db.store import Store

PROCESSES = 4


def test_four_first_starts_at_once(databases, tmp_path, data_dir, dataset):
    for round_ in range(3):
        url = databases.new(tmp_path, f"almanac-{round_}")
        start_at = time.time() + 6  # after every interpreter has imported the bot
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.db.start_worker", url, str(data_dir), str(start_at)],
                cwd=PROJECT_ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(PROCESSES)
        ]
        results = [proc.communicate(timeout=300) for proc in procs]
        for proc, (out, err) in zip(procs, results, strict=True):
            assert proc.returncode == 0 and "STARTED" in out, err[-3000:]
        store = Store.open(url)
        try:
            with store.session() as session:
                assert len(session.exec(select(Fact)).all()) == len(dataset.facts)
                assert len(session.exec(select(Revision)).all()) == len(dataset.facts), "seeded once"
        finally:
            store.close()
