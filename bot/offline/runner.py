"""`python -m bot console` and `python -m bot call`: the real bot, offline."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from bot.offline.driver import OfflineDiscord, OfflineError, Reply, User, components_of, modal_fields
from bot.offline.text import render_message
from bot.settings import STATE_DIR, Settings
from db.startup import redacted
from db.store import Store

log = logging.getLogger(__name__)

_OPTION = re.compile(r"(?:^|\s)([^\s:=]+)[:=]")
EPHEMERAL = 64
MODAL = 9
BANNER = """Almanac offline console: the real bot, no Discord needed.
Type a command as in Discord, e.g.  /who person:Ilya   /departures year:2024   /timeline year:2023
/quiz practice   /quiz now (moderators: start with --moderator)   /quiz leaderboard
Type a number to press a button or choose from a menu; a button keeps its number on every page.
Other commands: locale zh-TW|zh-CN|en-US, help, quit. Arrow keys edit and recall earlier lines."""
HISTORY_FILE = STATE_DIR / "console_history"
HISTORY_LENGTH = 1000


def parse_command_line(line: str) -> tuple[str, dict[str, str]]:
    """'/who person:Sam Altman year:2023' → ('who', {'person': 'Sam Altman', 'year': '2023'})."""
    line = line.strip().lstrip("/")
    words = line.split(" ")
    # "/quiz setup channel:..." : leading words without ':' or '=' name the command and subcommand
    count = next((n for n, word in enumerate(words) if ":" in word or "=" in word), len(words))
    name, rest = " ".join(w for w in words[:count] if w), " ".join(words[count:])
    options: dict[str, str] = {}
    marks = list(_OPTION.finditer(rest))
    for n, mark in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else len(rest)
        options[mark.group(1)] = rest[mark.end() : end].strip()
    if rest.strip() and not marks:
        raise OfflineError("write options as name:value, e.g. /who person:Ilya")
    return name.strip(), options


ATTACHMENTS_DIR = STATE_DIR / "offline"


def save_attachments(offline: OfflineDiscord, message: dict[str, Any]) -> list[Path]:
    """Write a message's files (e.g. chart PNGs) where a person can open them."""
    paths = []
    for item in offline.fake.files_of(int(message["id"])):
        ATTACHMENTS_DIR.mkdir(parents=True, exist_ok=True)
        path = ATTACHMENTS_DIR / f"{message['id']}-{item['filename']}"
        path.write_bytes(item["data"])
        paths.append(path)
    return paths


def payload_of(reply_message: dict[str, Any]) -> dict[str, Any]:
    """The parts of a message Discord was sent (what `call --json` prints)."""
    keys = ("content", "embeds", "components", "flags", "allowed_mentions", "attachments")
    return {k: reply_message.get(k) for k in keys}


class LineReader:
    """Lines typed at the console. At a terminal, GNU readline: line editing, arrow keys, Tab to
    complete a command name, and a history kept across sessions. Piped input is read as it is."""

    def __init__(self, stdin: TextIO, out: TextIO, *, history: Path | None = HISTORY_FILE) -> None:
        self.stdin, self.out = stdin, out
        self.readline: Any = None
        self.history = history
        if stdin is sys.stdin and out is sys.stdout and stdin.isatty():
            try:
                import readline
            except ImportError:  # Python built without it (some Windows builds): plain lines
                return
            self.readline = readline

    def start(self, words: list[str]) -> None:
        readline = self.readline
        if readline is None:
            return
        readline.set_history_length(HISTORY_LENGTH)
        if self.history is not None and self.history.is_file():
            try:
                readline.read_history_file(self.history)
            except OSError:
                log.warning("could not read the console history %s", self.history)
        readline.set_completer_delims(" ")
        readline.set_completer(lambda text, state: ([w for w in words if w.startswith(text)] + [None])[state])
        readline.parse_and_bind("tab: complete")

    def stop(self) -> None:
        if self.readline is None or self.history is None:
            return
        try:
            self.history.parent.mkdir(parents=True, exist_ok=True)
            self.readline.write_history_file(self.history)
        except OSError:
            log.warning("could not save the console history to %s", self.history)

    def line(self, prompt: str, *, prefill: str = "", remember: bool = True) -> str | None:
        """One line without its newline; None at the end of input (Ctrl-D)."""
        readline = self.readline
        if readline is None:
            print(prompt, end="", file=self.out, flush=True)
            typed = self.stdin.readline()
            return typed.rstrip("\n") if typed else None
        readline.set_startup_hook((lambda: readline.insert_text(prefill)) if prefill else None)
        try:
            typed = input(prompt)
        except EOFError:
            print(file=self.out)
            return None
        finally:
            readline.set_startup_hook(None)
        if not remember and typed and readline.get_current_history_length():
            readline.remove_history_item(readline.get_current_history_length() - 1)
        return typed


class Console:
    def __init__(
        self,
        offline: OfflineDiscord,
        *,
        out: TextIO,
        user: User,
        locale: str,
        stdin: TextIO = sys.stdin,
        reader: LineReader | None = None,
    ) -> None:
        self.offline = offline
        self.reader = reader or LineReader(stdin, out, history=None)
        self.out = out
        self.user = user
        self.locale = locale
        self.items: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]] = []

    def show(self, reply: Reply) -> None:
        if reply.callback_type == 8:
            for n, choice in enumerate(reply.choices, start=1):
                print(f"   {n}. {choice['name']}  → {choice['value']}", file=self.out)
            return
        shown: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]] = []
        messages = reply.messages + reply.posted
        for message in messages:
            text, items = render_message(message)
            print(text, file=self.out)
            for path in save_attachments(self.offline, message):
                print(f"   saved: {path}", file=self.out)
            shown.extend((message, comp, opt) for _label, comp, opt in items)
        if shown or not all((m.get("flags") or 0) & EPHEMERAL for m in messages):
            self.items = shown  # a private note leaves the buttons on screen pressable
        if not messages:
            print("(no answer)", file=self.out)

    async def handle(self, line: str) -> bool:
        line = line.strip()
        if not line:
            return True
        if line in {"quit", "exit", "q"}:
            return False
        if line == "help":
            print(BANNER, file=self.out)
            return True
        if line.startswith("locale"):
            self.locale = line.split(maxsplit=1)[1] if " " in line else "en-US"
            print(f"locale is now {self.locale}", file=self.out)
            return True
        try:
            if line.isdigit():
                await self.press(int(line))
            else:
                name, options = parse_command_line(line)
                reply = await self.offline.command(name, options, user=self.user, locale=self.locale)
                if reply.callback_type == MODAL:
                    reply = await self.fill(reply.callback or {})
                self.show(reply)
        except OfflineError as exc:
            print(f"! {exc}", file=self.out)
        return True

    async def fill(self, modal: dict[str, Any]) -> Reply:
        """A form: ask for each field (Enter keeps the pre-filled text), then submit it."""
        print(f"┌─ {modal.get('title', '')}  (Enter keeps the text shown)", file=self.out)
        values: dict[str, str] = {}
        for field_ in modal_fields(modal):
            current = field_.get("value") or ""
            label = field_.get("label", field_["custom_id"])
            if self.reader.readline is not None:  # the current text is on the line, ready to edit
                typed = await asyncio.to_thread(self.reader.line, f"│ {label}: ", prefill=current, remember=False)
            else:
                typed = await asyncio.to_thread(self.reader.line, f"│ {label} [{current}]: ")
            values[field_["custom_id"]] = typed if typed else current
        return await self.offline.submit(modal, values, user=self.user, locale=self.locale)

    async def press(self, number: int) -> None:
        if not 1 <= number <= len(self.items):
            raise OfflineError(f"there is no item {number} on screen")
        message, component, option = self.items[number - 1]
        if component.get("disabled"):
            raise OfflineError(f"item {number} is not available right now")
        message = self.offline.fake.messages[int(message["id"])]
        reply = await self.offline.press(
            message,
            component["custom_id"],
            values=[option["value"]] if option else None,
            user=self.user,
            locale=self.locale,
        )
        if reply.callback_type == MODAL:  # the button opened a form (suggest, reject, edit then approve)
            reply = await self.fill(reply.callback or {})
        elif reply.callback_type == 7:  # the bot edited the message in place
            reply.messages = [self.offline.fake.messages[int(message["id"])]]
        self.show(reply)


async def _with_offline(settings: Settings, action: Callable[[OfflineDiscord], Any]) -> Any:
    store = await asyncio.to_thread(Store.open, settings.database_url, data_dir=settings.data_dir)
    offline = await OfflineDiscord.start(settings, store)
    try:
        return await action(offline)
    finally:
        await offline.close()
        store.close()


def run_console(
    settings: Settings, *, locale: str, user: User, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout
) -> int:
    reader = LineReader(stdin, out)

    async def loop(offline: OfflineDiscord) -> None:
        console = Console(offline, out=out, user=user, locale=locale, reader=reader)
        reader.start(sorted({f"/{c.name}" for c in offline.bot.tree.get_commands()} | {"help", "locale", "quit"}))
        print(BANNER, file=out)
        print(f"Database: {redacted(settings.database_url)}", file=out)
        try:
            while True:
                line = await asyncio.to_thread(reader.line, "> ")
                if line is None or not await console.handle(line):
                    break
        finally:
            reader.stop()

    asyncio.run(_with_offline(settings, loop))
    return 0


async def collect_pages(offline: OfflineDiscord, reply: Reply, *, user: User, locale: str) -> list[dict[str, Any]]:
    """Every page of an answer: the first message, then each page reached with the Next button."""
    payloads = [payload_of(m) for m in reply.messages]
    if not reply.messages:
        return payloads
    message = reply.messages[0]
    for _ in range(200):
        following = [
            c
            for c in components_of(message)
            if c.get("custom_id", "").startswith("pg:") and ":n:" in c["custom_id"] and not c.get("disabled")
        ]
        if not following:
            break
        await offline.press(message, following[0]["custom_id"], user=user, locale=locale)
        message = offline.fake.messages[int(message["id"])]
        payloads.append(payload_of(message))
    return payloads


def form_text(modal: dict[str, Any]) -> str:
    """A form the bot opened, as a person reads it: title, then each field with its text."""
    lines = [f"form: {modal.get('title', '')}"]
    for field_ in modal_fields(modal):
        lines.append(f"  {field_['custom_id']} ({field_.get('label', '')}): {field_.get('value') or ''}")
    lines.append("fill it in with --form NAME=VALUE (fields not given keep their text)")
    return "\n".join(lines)


async def fill_form(offline: OfflineDiscord, reply: Reply, values: dict[str, str], *, user: User, locale: str) -> Reply:
    """Submit the form `reply` opened with `values`; the other fields keep their pre-filled text."""
    if reply.callback_type != MODAL:
        raise OfflineError("--form was given, but the command opened no form")
    modal = reply.callback or {}
    known = [f["custom_id"] for f in modal_fields(modal)]
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise OfflineError(f"the form has no field {', '.join(unknown)} (fields: {', '.join(known)})")
    return await offline.submit(modal, values, user=user, locale=locale)


def run_call(
    settings: Settings,
    command: str,
    options: dict[str, str],
    *,
    locale: str,
    user: User,
    as_json: bool,
    form: dict[str, str] | None = None,
    out: TextIO | None = None,
) -> int:
    out = out or sys.stdout  # looked up now: the stream may have been replaced since import

    async def once(offline: OfflineDiscord) -> int:
        try:
            reply = await offline.command(command, options, user=user, locale=locale)
            if form:
                reply = await fill_form(offline, reply, form, user=user, locale=locale)
        except OfflineError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if reply.callback_type == MODAL:  # a form opened and nothing filled it in: show it
            if as_json:
                print(json.dumps([{"form": reply.callback}], ensure_ascii=False, indent=2), file=out)
            else:
                print(form_text(reply.callback or {}), file=out)
            return 0
        if as_json:
            pages = await collect_pages(offline, reply, user=user, locale=locale)
            print(json.dumps(pages, ensure_ascii=False, indent=2), file=out)
        else:
            for message in reply.messages:
                print(render_message(message)[0], file=out)
        for message in reply.messages:
            for path in save_attachments(offline, message):
                print(f"saved: {path}", file=sys.stderr if as_json else out)
        return 0

    code: int = asyncio.run(_with_offline(settings, once))
    return code


def parse_call_options(pairs: list[str]) -> dict[str, str]:
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise OfflineError(f"options are name=value, got {shlex.quote(pair)}")
        options[key] = value
    return options
