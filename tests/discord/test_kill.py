"""SIGKILL in the middle of answering and editing: what was acknowledged is there after restart,
nothing is half-applied, and the open question still works."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime

from sqlmodel import select

from bot.offline.driver import OfflineDiscord, User
from bot.settings import PROJECT_ROOT
from db.models import Fact, QuizAnswer, QuizPost, Revision
from db.store import Store
from tests.dbs import sqlite_only


def _run_until_killed(url: str, data_dir, acks_wanted: int) -> tuple[list[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.discord.kill_worker", url, str(data_dir)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line.strip())
            if sum(line.startswith("ACK") for line in lines) >= acks_wanted:
                os.kill(proc.pid, signal.SIGKILL)  # no chance to clean up
                break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
    button = next(line.split()[1] for line in lines if line.startswith("POST"))
    return lines, button


async def test_kill_during_answers_and_edits(tmp_path, data_dir, settings):
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    lines, button = _run_until_killed(url, data_dir, acks_wanted=30)
    answered = {int(line.split()[2]) for line in lines if line.startswith("ACK answer")}
    edits = [int(line.split()[2]) for line in lines if line.startswith("ACK edit")]
    assert answered and edits

    with sqlite3.connect(tmp_path / "killed.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    store = Store.open(url, data_dir=data_dir)  # the restart
    try:
        with store.session() as session:
            stored = {a.user_id for a in session.exec(select(QuizAnswer))}
            assert answered <= stored, "every acknowledged answer survived"
            fact = session.get(Fact, 1)
            revisions = session.exec(select(Revision).where(Revision.fact_id == 1).order_by(Revision.version)).all()
            assert [r.version for r in revisions] == list(range(1, fact.version + 1)), "no half-applied version"
            assert json.loads(revisions[-1].after)["text_en"] == fact.text_en
            assert fact.text_en in {f"Edit number {n}." for n in range(max(edits), max(edits) + 2)}
            post = session.exec(select(QuizPost)).one()

        offline = await OfflineDiscord.start(settings.__class__(database_url=url, data_dir=data_dir), store)
        offline.bot.clock = lambda: datetime(2024, 3, 9, 16, 0, tzinfo=UTC)  # later the same day
        try:
            message = {
                "id": str(post.message_id),
                "channel_id": str(post.channel_id),
                "content": "",
                "embeds": [],
                "attachments": [],
                "author": {"id": "1", "username": "Almanac", "discriminator": "0", "avatar": None},
                "timestamp": "2024-01-01T00:00:00+00:00",
                "edited_timestamp": None,
                "tts": False,
                "mention_everyone": False,
                "mentions": [],
                "mention_roles": [],
                "pinned": False,
                "type": 0,
                "flags": 0,
                "components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "A", "custom_id": button}]}],
            }
            reply = await offline.press(message, button, user=User(id=99))
            assert "locked in" in reply.callback["content"], "the open question still takes answers"
            again = await offline.press(message, button, user=User(id=min(answered)))
            assert "You already answered" in again.callback["content"]
            await offline.bot.get_cog("Quiz").tick()
            assert offline.fake.channel_messages.get(post.channel_id, []) == [], "no second post after the restart"
        finally:
            await offline.close()
    finally:
        store.close()


pytestmark = sqlite_only
