"""The quiz-button burst: 2,000 members answer the daily question within 10 s.

One bot process on SQLite; two bot processes sharing one PostgreSQL database when a URL is given
(members spread over both, and some press again on the other process, as a double click reaching
another shard would). Every press must be acknowledged within Discord's 3 s, and afterwards the
database must hold exactly one answer per member. Latency is measured from the moment a press is
handed to discord.py to its acknowledgement, and compared with a no-op command's in the same process.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import multiprocessing
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sqlalchemy import create_engine, func, text
from sqlalchemy.engine import make_url
from sqlmodel import col, select

from bot.offline.driver import ALL_PERMISSIONS, OfflineDiscord, User
from bot.settings import Settings
from db.models import QuizAnswer

if TYPE_CHECKING:
    from cogs.quiz import Quiz
from db.store import Store

log = logging.getLogger(__name__)

MEMBERS = 2000
WINDOW_S = 10.0
ACK_LIMIT_MS = 3000.0
SECOND_PRESSES = 100  # members who press again on the other process (PostgreSQL run)
CHANNEL = 555000000000000001
CLOCK = datetime(2024, 3, 9, 15, 0, tzinfo=UTC)
MOD = User(id=800, name="mod", permissions=ALL_PERMISSIONS)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def _post_question(url: str) -> dict:
    """Set up the daily quiz and post today's question; returns the message members see."""
    store = Store.open(url)
    offline = await OfflineDiscord.start(Settings(database_url=url), store)
    try:
        offline.bot.clock = lambda: CLOCK
        await offline.command("quiz setup", {"channel": str(CHANNEL), "time": "09:00", "timezone": "UTC"}, user=MOD)
        # set up after today's 09:00, so the first post is tomorrow's
        offline.bot.clock = lambda: CLOCK + timedelta(hours=18, seconds=30)
        # The extension loader imports cogs.quiz afresh, so its class is not this module's Quiz:
        # the cog is found by name and typed by cast.
        quiz_cog = cast("Quiz", offline.bot.get_cog("Quiz"))
        assert quiz_cog is not None
        await quiz_cog.tick()
        return copy.deepcopy(offline.fake.messages[offline.fake.channel_messages[CHANNEL][0]])
    finally:
        await offline.close()
        store.close()


async def _press_all(url: str, message: dict, members: list[int], start_at: float, window_s: float) -> dict:
    from bot.bench.run import _add_noop, _time  # the same floor as the main benchmark

    store = Store.open(url)
    offline = await OfflineDiscord.start(Settings(database_url=url), store)
    try:
        offline.bot.clock = lambda: CLOCK
        offline.fake.messages[int(message["id"])] = copy.deepcopy(message)  # the post this process answers on
        _add_noop(offline)
        floor = await _time(lambda: offline.command("noop", {}, user=User(id=4242)), 60)
        buttons = [c["custom_id"] for row in message["components"] for c in row["components"]]
        await asyncio.sleep(max(0.0, start_at - time.time()))
        latencies: list[float] = []
        outcome: dict[str, int] = {"locked": 0, "already": 0, "other": 0}

        async def press(member: int, sent: float) -> None:
            reply = await offline.press(message, buttons[member % len(buttons)], user=User(id=member))
            latencies.append((time.perf_counter() - sent) * 1000)
            content = (reply.callback or {}).get("content", "")
            kind = "locked" if "locked in" in content else "already" if "already answered" in content else "other"
            outcome[kind] += 1

        tasks = []
        began = time.perf_counter()
        for n, member in enumerate(members):
            due = began + n * window_s / len(members)
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            tasks.append(asyncio.create_task(press(member, time.perf_counter())))
        await asyncio.gather(*tasks)
        return {"latencies_ms": latencies, "floor": floor, **outcome}
    finally:
        await offline.close()
        store.close()


def _worker(url: str, message: dict, members: list[int], start_at: float, window_s: float) -> dict:
    logging.getLogger("discord").setLevel(logging.ERROR)
    return asyncio.run(_press_all(url, message, members, start_at, window_s))


def quiz_burst(url: str, *, processes: int, data_dir: Path, members: int = MEMBERS, window_s: float = WINDOW_S) -> dict:
    """Run the burst against the database at `url` (created and seeded if new)."""
    Store.open(url, data_dir=data_dir).close()
    message = asyncio.run(_post_question(url))
    ids = [10**17 + n for n in range(members)]
    shares = [ids[i::processes] for i in range(processes)]
    if processes > 1:  # some members press again, and that press reaches the other process
        for i in range(processes):
            shares[(i + 1) % processes] += shares[i][:SECOND_PRESSES]
    start_at = time.time() + 15  # every process started and measured its floor by then
    context = multiprocessing.get_context("spawn")
    pools = [ProcessPoolExecutor(max_workers=1, mp_context=context) for _ in range(processes)]
    try:
        futures = [
            pool.submit(_worker, url, message, share, start_at, window_s)
            for pool, share in zip(pools, shares, strict=True)
        ]
        results = [f.result() for f in futures]
    finally:
        for pool in pools:
            pool.shutdown()
    store = Store.open(url)
    with store.session() as session:
        stored = session.exec(select(func.count(col(QuizAnswer.id)))).one()
        distinct = session.exec(select(func.count(func.distinct(QuizAnswer.user_id)))).one()
    store.close()
    latencies = [ms for r in results for ms in r["latencies_ms"]]
    floor_p50 = max(r["floor"]["p50"] for r in results)
    floor_p99 = max(r["floor"]["p99"] for r in results)
    presses = len(latencies)
    return {
        "backend": make_url(url).get_backend_name(),
        "processes": processes,
        "members": members,
        "presses": presses,
        "window_s": window_s,
        "p50_ms": _pct(latencies, 0.5),
        "p99_ms": _pct(latencies, 0.99),
        "max_ms": max(latencies),
        "floor_p50_ms": floor_p50,
        "floor_p99_ms": floor_p99,
        "p50_vs_floor": _pct(latencies, 0.5) / floor_p50,
        "p99_vs_floor": _pct(latencies, 0.99) / floor_p99,
        "late_acks": sum(ms > ACK_LIMIT_MS for ms in latencies),
        "locked_in": sum(r["locked"] for r in results),
        "already_answered": sum(r["already"] for r in results),
        "other_replies": sum(r["other"] for r in results),
        "answers_stored": stored,
        "members_stored": distinct,
        "ok": (
            presses == members + (SECOND_PRESSES * processes if processes > 1 else 0)
            and all(ms <= ACK_LIMIT_MS for ms in latencies)
            and stored == distinct == members
            and sum(r["locked"] for r in results) == members
        ),
    }


@contextmanager
def scratch_postgres(server_url: str) -> Iterator[str]:
    """A new database on the PostgreSQL server at `server_url` for the run, dropped afterwards."""
    name = f"almanac_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def burst_table(report: dict) -> str:
    r = report
    return (
        f"quiz burst ({r['backend']}, {r['processes']} process{'es' if r['processes'] > 1 else ''}): "
        f"{r['presses']} presses by {r['members']} members in {r['window_s']:.0f} s\n"
        f"  ack p50 {r['p50_ms']:.1f} ms ({r['p50_vs_floor']:.1f}x floor {r['floor_p50_ms']:.2f} ms), "
        f"p99 {r['p99_ms']:.1f} ms ({r['p99_vs_floor']:.1f}x floor {r['floor_p99_ms']:.2f} ms), "
        f"max {r['max_ms']:.0f} ms; {r['late_acks']} over 3 s\n"
        f"  {r['locked_in']} locked in, {r['already_answered']} told they already answered, "
        f"{r['other_replies']} other; "
        f"stored {r['answers_stored']} answers from {r['members_stored']} members  "
        f"{'ok' if r['ok'] else 'MISS'}"
    )
