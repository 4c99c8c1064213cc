"""Property-based bad input through the real discord.py stack: every command and option, every
locale, hostile strings, forged buttons. Each must get a clear answer within Discord's limits,
never a ping, and no change to the store unless it was a valid moderator edit."""

from __future__ import annotations

import asyncio
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import select

from bot.offline.driver import ALL_PERMISSIONS, OfflineDiscord, User
from bot.settings import Settings
from db.models import Alias, QuizAnswer, QuizPost, Revision
from db.store import Store
from tests.discord.helpers import shown_text

LOCALES = ["en-US", "zh-TW", "zh-CN", "fr", "ja"]
SURVIVED: dict[str, int] = {}

HOSTILE = [
    "",
    " ",
    "\t\n",
    "@everyone",
    "@here",
    "<@&123456789012345678>",
    "<@123456789012345678>",
    "<#1>",
    "'; DROP TABLE fact; --",
    '" OR 1=1 --',
    "%",
    "_",
    "**bold** __under__ `code` ||spoiler|| > quote",
    "\u202eevil\u202c",
    "\u200b\u200c\u200d\ufeff",
    "🙂🔥👩‍👩‍👧",
    "伊爾亞 Sutskever مرحبا עברית",
    "\x00\x01\x1b[31m",
    "2023-13-45",
    "9999-99",
    "-1",
    "0",
    "1e309",
    "../../etc/passwd",
    "Ilya" * 25,
]
text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=80),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "So", "Lo", "Mn"]), max_size=40),
    st.builds(lambda s: (s or "x") * 6000, st.text(min_size=1, max_size=3)).map(lambda s: s[:6000]),
    st.builds(lambda a, b: f"{a} {b}", st.sampled_from(HOSTILE), st.text(max_size=20)),
)
year = st.one_of(st.integers(min_value=-(2**40), max_value=2**40), st.sampled_from([0, 1999, 2015, 2024, 2101]))
locale = st.sampled_from(LOCALES)
SETTINGS = settings(max_examples=75, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@pytest.fixture
def harness(db_copy, data_dir):
    config = Settings(database_url=db_copy, data_dir=data_dir)
    loop = asyncio.new_event_loop()
    store = Store.open(config.database_url)
    offline = loop.run_until_complete(OfflineDiscord.start(config, store))
    yield loop, offline
    loop.run_until_complete(offline.close())
    store.close()
    loop.close()


def _store_state(offline: OfflineDiscord) -> tuple:
    with offline.bot.store.session() as session:
        return tuple(
            session.exec(select(func.count()).select_from(m)).one() for m in (Revision, Alias, QuizPost, QuizAnswer)
        )


def _check(offline: OfflineDiscord, reply, name: str) -> None:  # noqa: ANN001
    assert reply.callback_type is not None, f"{name}: no answer"
    assert offline.fake.rejections == [], offline.fake.rejections
    payload = reply.callback or {}
    if reply.callback_type in (4, 7):
        assert payload.get("allowed_mentions") == {"parse": []}
        shown = shown_text(payload)
        assert "@everyone" not in shown and "@here" not in shown and "<@&" not in shown
        assert "Traceback" not in shown
    for message in reply.messages:
        assert message.get("allowed_mentions") in (None, {"parse": []})
    SURVIVED[name] = SURVIVED.get(name, 0) + 1


def _member() -> User:
    # A fresh member each time, so per-member cooldowns do not hide the command's own answer.
    return User(id=random.randrange(10**17, 10**18), name="member")


COMMANDS = {
    "who": lambda t_, y, o: {"person": t_},
    "departures": lambda t_, y, o: {k: v for k, v in {"year": y, "destination": t_ or None}.items() if v is not None},
    "timeline": lambda t_, y, o: {"start": t_ or "x", "end": o or "x", "person": t_ or "x"},
    "quiz leaderboard": lambda t_, y, o: {"period": t_ or "x"},
    "fact add": lambda t_, y, o: {
        "subject": t_ or "x",
        "predicate": o or "event",
        "source": "a000",
        "text_en": t_ or "x",
        "start": o or "2024",
    },
    "alias add": lambda t_, y, o: {"person": t_ or "x", "alias": o or "x"},
    "chart tenure": lambda t_, y, o: {"group": t_ or "x"},
    "quiz stats": lambda t_, y, o: {},
    "fact show": lambda t_, y, o: {"id": y},
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_members_commands_survive_any_input(harness, command):
    loop, offline = harness
    before = _store_state(offline)

    @SETTINGS
    @given(value=text, other=text, number=year, where=locale)
    def run(value, other, number, where):
        options = COMMANDS[command](value, number, other)
        reply = loop.run_until_complete(offline.command(command, options, user=_member(), locale=where))
        _check(offline, reply, command)

    run()
    assert _store_state(offline) == before, "members' input changed nothing"


def test_moderator_input_is_validated(harness):
    loop, offline = harness
    mod = User(id=800, name="mod", permissions=ALL_PERMISSIONS)

    @SETTINGS
    @given(subject=text, when=text, body=text, where=locale)
    def run(subject, when, body, where):
        before = _store_state(offline)
        options = {
            "subject": subject or "sam-altman",
            "predicate": "event",
            "source": "a000",
            "text_en": body or "x",
            "start": when or "2024",
        }
        reply = loop.run_until_complete(offline.command("fact add", options, user=mod, locale=where))
        _check(offline, reply, "fact add (moderator)")
        added = bool((reply.callback or {}).get("embeds"))  # a new fact comes back as its card
        after = _store_state(offline)
        assert (after != before) == added, "only a valid edit changes the store"

    run()


def test_forged_buttons_and_menus(harness):
    loop, offline = harness
    message = loop.run_until_complete(offline.command("who", {"person": "Ilya"}, user=User(id=5))).message

    forged_ids = st.one_of(
        st.builds(
            lambda k, o, p, d, s: f"pg:{k}:{o}:{p}:{d}:{s}"[:100],
            st.sampled_from(["who", "dep", "tl"]),
            st.integers(0, 10**19),
            st.integers(0, 10**6),
            st.sampled_from(["p", "n"]),
            text,
        ),
        st.builds(lambda p, c: f"quiz:{p}:{c}", st.integers(0, 10**12), st.integers(0, 9)),
        st.builds(lambda s, v, c: f"qp:5:{s}:{v}:{c}", st.integers(0, 2**40), st.integers(0, 10**9), st.integers(0, 9)),
        st.builds(lambda o: f"pick:{o}", st.integers(0, 10**19)),
    )

    @SETTINGS
    @given(custom_id=forged_ids, value=text, where=locale)
    def run(custom_id, value, where):
        forged = dict(message)
        kind = 3 if custom_id.startswith("pick:") else 2
        component = {"type": kind, "custom_id": custom_id}
        component.update({"options": [{"label": "x", "value": "x"}]} if kind == 3 else {"style": 2, "label": "x"})
        forged["components"] = [{"type": 1, "components": [component]}]
        reply = loop.run_until_complete(
            offline.press(forged, custom_id, values=[value[:100]], user=User(id=5), locale=where)
        )
        _check(offline, reply, "forged button")

    before = _store_state(offline)
    run()
    assert _store_state(offline) == before
