"""The benchmark: real discord.py dispatch against the local fake Discord, at several data scales.

Every figure that has a target is a ratio measured in the same run (the machines are noisy):
each command's p99 against a no-op command's p99 (discord.py's own cost per interaction), and
each command's p99 at the largest scale against the smallest. Each scale's bot runs in its own
process, and every command is measured in turns that alternate between the scales, so a busy
moment on the host falls on all of them rather than on one.
"""

from __future__ import annotations

import asyncio
import copy
import difflib
import itertools
import logging
import multiprocessing
import resource
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import discord
from discord import app_commands

from bot.bench.synthetic import scaled
from bot.domain.dataset import load_dataset
from bot.domain.names import normalise
from bot.offline.driver import OfflineDiscord, User
from bot.settings import Settings
from db import migrate
from db.engine import make_engine, session_scope
from db.seed import seed
from db.store import Store

log = logging.getLogger(__name__)

TARGETS = {"command_p99_vs_floor": 3.0, "autocomplete_p99_vs_floor": 2.0, "growth_100x_vs_1x": 1.5,
           "names_speedup_vs_difflib": 50.0, "loop_lag_p99_ms": 50.0, "startup_s": 2.0, "peak_rss_mb": 250.0}


def _rss_mb() -> float:
    """Peak resident memory of this process. VmHWM belongs to the process's own address space;
    ru_maxrss would also carry the parent's peak across fork and exec (the seeding parent's)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


@dataclass
class ScaleResult:
    scale: int
    people: int
    aliases: int
    facts: int
    seed_s: float
    startup_s: float
    timings_ms: dict[str, dict[str, float]] = field(default_factory=dict)
    names: dict[str, float] = field(default_factory=dict)
    loop_lag_ms: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: float = 0.0


ROUNDS = 4  # each command is measured in this many turns, alternating between the scales


def _stats(samples: list[float]) -> dict[str, float]:
    return {"p50": _pct(samples, 0.5), "p99": _pct(samples, 0.99), "mean": statistics.fmean(samples)}


async def _samples(action: Callable[[], Awaitable[object]], runs: int, *, warm_up: int = 2) -> list[float]:
    for _ in range(warm_up):  # warm up caches and code paths
        await action()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        await action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _add_noop(offline: OfflineDiscord) -> None:
    async def noop(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok", ephemeral=True)

    offline.bot.tree.add_command(app_commands.Command(name="noop", description="benchmark floor", callback=noop))


def _names_vs_difflib(store: Store, typos: list[tuple[str, str]], runs: int) -> dict[str, float]:
    """Our resolver against the way a simple bot would do it: difflib over every alias."""
    index = store.names
    aliases = [(normalise(text), entity) for entity, text in index._owners]  # noqa: SLF001 - same aliases, same folding
    choices = [a for a, _ in aliases]
    owner = {}
    for alias, entity in aliases:
        owner.setdefault(alias, entity)
    typos = typos[:runs]

    def ours(q: str) -> str | None:
        best = index.resolve(q).best
        return best.entity_id if best else None

    def naive(q: str) -> str | None:
        found = difflib.get_close_matches(normalise(q), choices, n=1, cutoff=0.6)
        return owner[found[0]] if found else None

    out: dict[str, float] = {}
    for name, fn in (("almanac", ours), ("difflib", naive)):
        start = time.perf_counter()
        right = sum(fn(q) == expected for q, expected in typos)
        out[f"{name}_ms_per_query"] = (time.perf_counter() - start) * 1000 / len(typos)
        out[f"{name}_top1_accuracy"] = right / len(typos)
    out["speedup"] = out["difflib_ms_per_query"] / out["almanac_ms_per_query"]
    out["queries"] = len(typos)
    return out


async def _burst(offline: OfflineDiscord, count: int = 1000, window_s: float = 1.0) -> dict[str, float]:
    """Event-loop lag while `count` interactions arrive within `window_s`."""
    lags: list[float] = []
    stop = asyncio.Event()

    async def monitor() -> None:
        while not stop.is_set():
            start = time.perf_counter()
            await asyncio.sleep(0.005)
            lags.append(max(0.0, (time.perf_counter() - start - 0.005) * 1000))

    watcher = asyncio.create_task(monitor())
    names = ["Ilya Sutskever", "Ilia Sutskevar", "蘇特斯科夫", "Mira Murati", "Kevin"]
    tasks = []
    for n in range(count):
        user = User(id=10**17 + n)
        kind = n % 3
        if kind == 0:
            coro = offline.command("who", {"person": names[n % len(names)]}, user=user)
        elif kind == 1:
            coro = offline.autocomplete("who", "person", names[n % len(names)][:4], user=user)
        else:
            coro = offline.command("timeline", {"year": 2023}, user=user)
        tasks.append(asyncio.create_task(coro))
        await asyncio.sleep(window_s / count)
    await asyncio.gather(*tasks)
    stop.set()
    await watcher
    return {"max": max(lags), "p99": _pct(lags, 0.99), "interactions": count}


async def _cases(offline: OfflineDiscord, typos: list[tuple[str, str]]) -> dict[str, Callable[[], Awaitable[object]]]:
    """The measured interactions, by name; each lifts the per-member cooldowns first (they would
    measure the refusal instead of the work)."""
    _add_noop(offline)
    user = User(id=4242)
    # Autocomplete sees what members type: beginnings of names in both scripts, and typos.
    typing = itertools.cycle(["sutsk", "Ilya", "蘇茨", "altm", "Murat", "Sutzk", "Brockm", "卡帕", "Kevn", "schulm",
                              *[q[:5] for q, _ in typos[:10]]])
    offline.bot.cooldowns.clear()
    # Late page of the timeline and a quiz button press need a message to press on.
    timeline = await offline.command("timeline", {}, user=user)
    late = next(c for row in timeline.message["components"] for c in row["components"] if ":n:" in c["custom_id"])
    late_id = late["custom_id"].replace(":1:n:", ":40:n:")
    forged = dict(timeline.message)
    forged["components"] = [{"type": 1, "components": [{**late, "custom_id": late_id}]}]
    practice = await offline.command("quiz practice", {}, user=user)
    shown = copy.deepcopy(practice.message)  # the member's view; the stored message changes on answer
    button = shown["components"][0]["components"][0]["custom_id"]
    cases: dict[str, Callable[[], Awaitable[object]]] = {
        "noop (floor)": lambda: offline.command("noop", {}, user=user),
        "who exact": lambda: offline.command("who", {"person": "Ilya Sutskever"}, user=user),
        "who misspelt": lambda: offline.command("who", {"person": "Ilia Sutskevar"}, user=user),
        "who other script": lambda: offline.command("who", {"person": "苏茨克维"}, user=user),
        "who autocomplete": lambda: offline.autocomplete("who", "person", next(typing), user=user),
        "departures": lambda: offline.command("departures", {"year": 2024}, user=user),
        "timeline first page": lambda: offline.command("timeline", {}, user=user),
        "quiz practice": lambda: offline.command("quiz practice", {}, user=user),
        "timeline late page": lambda: offline.press(forged, late_id, user=user),
        "quiz button press": lambda: offline.press(shown, button, user=user),
    }

    def uncooled(action: Callable[[], Awaitable[object]]) -> Callable[[], Awaitable[object]]:
        def run() -> Awaitable[object]:
            offline.bot.cooldowns.clear()
            return action()
        return run

    return {name: uncooled(action) for name, action in cases.items()}


async def _worker(conn: Connection, url: str, typos: list[tuple[str, str]]) -> None:
    """A bot process of one scale, measuring what the parent asks for, when it asks: the parent
    alternates between the scales so that a busy moment on the host hits them alike."""
    opened = time.perf_counter()
    store = Store.open(url)  # an existing database: migrations are a no-op check
    offline = await OfflineDiscord.start(Settings(database_url=url), store)
    _ = store.names  # the index is part of being ready
    startup = time.perf_counter() - opened
    cases = await _cases(offline, typos)
    conn.send({"startup_s": startup})
    while True:
        request, arg = await asyncio.to_thread(conn.recv)
        if request == "time":
            name, runs = arg
            conn.send(await _samples(cases[name], runs))
        elif request == "burst":
            lag = await _burst(offline)
            lag["rss_mb"] = _rss_mb()
            conn.send(lag)
        elif request == "names":
            # The difflib baseline is the benchmark's, not the bot's: it runs after the bot's peak is read.
            conn.send(await asyncio.to_thread(_names_vs_difflib, store, typos, 150))
        else:
            break
    await offline.close()
    store.close()


def _child(conn: Connection, url: str, typos: list[tuple[str, str]]) -> None:
    logging.getLogger("discord").setLevel(logging.ERROR)
    asyncio.run(_worker(conn, url, typos))


@dataclass
class _Scale:
    """A seeded synthetic store and the bot process serving it."""

    scale: int
    counts: dict[str, int]
    typos: list[tuple[str, str]]
    seed_s: float
    url: str
    conn: Connection | None = None
    process: multiprocessing.process.BaseProcess | None = None

    def ask(self, request: str, arg: object = None) -> object:
        assert self.conn is not None
        self.conn.send((request, arg))
        return self.conn.recv()


def _seed_scale(base, scale: int, workdir: Path) -> _Scale:  # noqa: ANN001
    synthetic = scaled(base, scale)
    url = f"sqlite:///{workdir / f'bench-{scale}.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    started = time.perf_counter()
    with session_scope(engine) as session:
        seed(session, synthetic.dataset)
    seed_s = time.perf_counter() - started
    engine.dispose()
    return _Scale(scale, synthetic.dataset.counts(), synthetic.typos, seed_s, url)


def _measure_all(scales: list[_Scale], runs: int) -> list[ScaleResult]:
    """Start each scale's bot in a fresh process (its memory is its own, not the generator's, and
    start-up is timed from nothing on an existing database), then measure every command in
    ROUNDS turns, alternating between the scales, and pool each scale's samples."""
    context = multiprocessing.get_context("spawn")
    results = []
    try:
        for item in scales:
            item.conn, theirs = context.Pipe()
            item.process = context.Process(target=_child, args=(theirs, item.url, item.typos), daemon=True)
            item.process.start()
            ready = item.conn.recv()  # one at a time: start-up is timed on a quiet machine
            results.append(ScaleResult(scale=item.scale, people=item.counts["people"], aliases=item.counts["aliases"],
                                       facts=item.counts["facts"], seed_s=item.seed_s, startup_s=ready["startup_s"]))
        per_turn = max(1, runs // ROUNDS)
        for name in CASES:
            pooled: list[list[float]] = [[] for _ in scales]
            for _ in range(ROUNDS):
                for i, item in enumerate(scales):
                    pooled[i].extend(item.ask("time", (name, per_turn)))  # type: ignore[arg-type]
            for result, samples in zip(results, pooled):
                result.timings_ms[name] = _stats(samples)
        for result, item in zip(results, scales):
            lag = item.ask("burst")
            result.peak_rss_mb = lag.pop("rss_mb")  # type: ignore[union-attr]
            result.loop_lag_ms = lag  # type: ignore[assignment]
            result.names = item.ask("names")  # type: ignore[assignment]
    finally:
        for item in scales:
            if item.conn is not None:
                try:
                    item.conn.send(("close", None))
                except OSError:
                    pass
            if item.process is not None:
                item.process.join(timeout=30)
                if item.process.is_alive():
                    item.process.kill()
    return results


CASES = ("noop (floor)", "who exact", "who misspelt", "who other script", "who autocomplete", "departures",
         "timeline first page", "quiz practice", "timeline late page", "quiz button press")


def evaluate(results: list[ScaleResult]) -> dict[str, dict[str, float | bool]]:
    small, large = results[0], results[-1]
    floor = large.timings_ms["noop (floor)"]["p99"]
    checks: dict[str, dict[str, float | bool]] = {}
    for name, t in large.timings_ms.items():
        if name == "noop (floor)":
            continue
        ratio = t["p99"] / floor
        limit = TARGETS["autocomplete_p99_vs_floor"] if "autocomplete" in name else TARGETS["command_p99_vs_floor"]
        checks[f"{name}: p99 / floor at {large.scale}x"] = {"value": ratio, "target": limit, "ok": ratio <= limit}
        if len(results) > 1:
            growth = t["p99"] / small.timings_ms[name]["p99"]
            checks[f"{name}: p99 {large.scale}x / {small.scale}x"] = {
                "value": growth, "target": TARGETS["growth_100x_vs_1x"], "ok": growth <= TARGETS["growth_100x_vs_1x"]}
    speed = large.names["speedup"]
    checks["names: speed vs difflib"] = {"value": speed, "target": TARGETS["names_speedup_vs_difflib"],
                                         "ok": speed >= TARGETS["names_speedup_vs_difflib"]}
    accuracy_ok = large.names["almanac_top1_accuracy"] >= large.names["difflib_top1_accuracy"]
    checks["names: top-1 accuracy vs difflib"] = {"value": large.names["almanac_top1_accuracy"],
                                                  "target": large.names["difflib_top1_accuracy"], "ok": accuracy_ok}
    checks["loop lag p99 (ms) during the burst"] = {"value": large.loop_lag_ms["p99"], "target": TARGETS["loop_lag_p99_ms"],
                                                    "ok": large.loop_lag_ms["p99"] <= TARGETS["loop_lag_p99_ms"]}
    checks["start-up on an existing database (s)"] = {"value": large.startup_s, "target": TARGETS["startup_s"],
                                                      "ok": large.startup_s <= TARGETS["startup_s"]}
    checks["peak RSS (MB)"] = {"value": large.peak_rss_mb, "target": TARGETS["peak_rss_mb"],
                               "ok": large.peak_rss_mb <= TARGETS["peak_rss_mb"]}
    return checks


def bench(data_dir: Path, scales: list[int], runs: int = 60) -> dict:
    logging.getLogger("discord").setLevel(logging.ERROR)
    base = load_dataset(data_dir)
    with tempfile.TemporaryDirectory(prefix="almanac-bench-") as tmp:
        seeded = [_seed_scale(base, scale, Path(tmp)) for scale in scales]
        results = _measure_all(seeded, runs)
    return {"scales": [r.__dict__ for r in results], "checks": evaluate(results)}


def table(report: dict) -> str:
    lines = []
    for scale in report["scales"]:
        lines.append(f"\n== {scale['scale']}x: {scale['people']} people, {scale['aliases']} aliases, {scale['facts']} facts ==")
        lines.append(f"seeding {scale['seed_s']:.1f} s · start-up {scale['startup_s']:.2f} s · peak RSS {scale['peak_rss_mb']:.0f} MB")
        floor = scale["timings_ms"]["noop (floor)"]["p99"]
        lines.append(f"{'command':<24}{'p50 ms':>9}{'p99 ms':>9}{'p99/floor':>11}")
        for name, t in scale["timings_ms"].items():
            lines.append(f"{name:<24}{t['p50']:>9.2f}{t['p99']:>9.2f}{t['p99'] / floor:>11.2f}")
        n = scale["names"]
        lines.append(f"names: {n['almanac_ms_per_query']:.3f} ms/query vs difflib {n['difflib_ms_per_query']:.2f} ms "
                     f"({n['speedup']:.0f}x); top-1 {n['almanac_top1_accuracy']:.0%} vs {n['difflib_top1_accuracy']:.0%}")
        lag = scale["loop_lag_ms"]
        lines.append(f"loop lag during {lag['interactions']} interactions in 1 s: p99 {lag['p99']:.1f} ms, max {lag['max']:.1f} ms")
    lines.append("\n== targets ==")
    for name, check in report["checks"].items():
        mark = "ok  " if check["ok"] else "MISS"
        lines.append(f"{mark} {name}: {check['value']:.2f} (target {check['target']:.2f})")
    return "\n".join(lines)
