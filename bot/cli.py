"""`python -m bot ...`: the command line. Subcommands are small functions over Settings."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import DEFAULT_ARTICLES_DIR, DEFAULT_DATABASE_URL, OFFLINE_DATABASE_URL, Settings, SettingsError

if TYPE_CHECKING:
    from bot.offline.driver import User

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace, Settings], int]


def _data_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.data_review import review
    from bot.domain.dataset import DatasetError, load_dataset

    data_dir = Path(args.data or settings.data_dir)
    articles = (
        Path(args.articles) if args.articles else (DEFAULT_ARTICLES_DIR if DEFAULT_ARTICLES_DIR.is_dir() else None)
    )
    try:
        dataset = load_dataset(data_dir, articles_dir=articles)
        findings = review(dataset)
        if findings:
            raise DatasetError(findings)
    except DatasetError as exc:
        print(f"data check failed for {data_dir}:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"data check passed: {data_dir}")
    if articles is None:
        print("  (citation anchors not checked: articles folder not found; pass --articles DIR)")
    else:
        print(f"  citation anchors checked against {articles}")
    width = max(len(k) for k in dataset.counts())
    for name, count in dataset.counts().items():
        print(f"  {name:<{width}}  {count}")
    return 0


def _data_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.dataset import DatasetError, load_dataset
    from bot.services.export import export
    from db.store import Store

    target = Path(args.directory)
    if target.exists() and not target.is_dir():
        return _refuse(f"{target} is a file; give a folder to export into")
    if target.is_dir() and any(target.iterdir()) and not args.overwrite:
        return _refuse(f"{target} is not empty; choose a new folder or pass --overwrite to replace its files")
    store = Store.open(settings.database_url, data_dir=settings.data_dir)
    try:
        counts = export(store, target)
    except OSError as exc:
        return _refuse(f"cannot write the export to {target}: {exc.strerror or exc}")
    finally:
        store.close()
    try:
        load_dataset(target)
    except DatasetError as exc:  # never hand over an export that would not load
        print(f"export written to {target} but it does not validate:\n{exc}", file=sys.stderr)
        return 1
    print(f"exported {counts['facts']} facts, {counts['entities']} entities, {counts['sources']} sources to {target}")
    return 0


def _read_article(path: str) -> str:
    return Path(path).read_text(encoding="utf-8-sig")


def _source_propose(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from bot.domain.dates import DateError
    from bot.services.proposals import propose
    from db.store import Store

    try:
        text = _read_article(args.file)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    store = Store.open(settings.database_url, data_dir=settings.data_dir)
    try:
        found = propose(store, text, published=args.published)
    except DateError as exc:
        print(f"--published: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    items = found.as_dicts()
    if args.json:
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return 0
    for item in items:
        mark = f"  (already known: {item['existing']})" if item["existing"] else ""
        print(f"line {item['line']:>3}  {item['confidence']:.2f}  {item['text_en']}{mark}")
    for entity in found.new_entities:
        print(f"new {entity.kind}: {entity.name_en} / {entity.name_zh}")
    if not items:
        print("no statements found")
    return 0


def _source_add(args: argparse.Namespace, settings: Settings) -> int:
    from bot.i18n import Lang, t
    from bot.services.review import ReviewError, add_source
    from db.store import Store

    try:
        text = _read_article(args.file)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    store = Store.open(settings.database_url, data_dir=settings.data_dir)
    try:
        added = add_source(
            store,
            text,
            title=args.title or Path(args.file).stem,
            publisher=args.publisher or "",
            published=args.published,
            url=args.url,
            actor=args.actor,
        )
    except ReviewError as exc:
        print(t(exc.code, Lang.EN, **exc.values), file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"source {added.source_id} stored with its text; {len(added.items)} proposals queued for review")
    for entry in added.items:
        mark = f"  (another reference to {entry.statement_key})" if entry.statement_key else ""
        print(f"  #{entry.id} line {entry.payload['line']}: {entry.payload['text_en']}{mark}")
    return 0


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from db.store import Store

    store = Store.open(
        settings.database_url, data_dir=None if args.no_seed else settings.data_dir, new_database=args.new_database
    )
    from db.migrate import current_revision

    print(f"database at schema {current_revision(store.engine)}")
    store.close()
    return 0


def _db_seed(args: argparse.Namespace, settings: Settings) -> int:
    from db.store import Store

    data_dir = Path(args.data or settings.data_dir)
    if not data_dir.is_dir():
        return _refuse(f"there is no dataset folder at {data_dir}")
    store = Store.open(settings.database_url)
    report = store.seed_from(data_dir)
    print(f"seed: {report.summary()}")
    store.close()
    return 0


NO_TOKEN = """No DISCORD_TOKEN is set, so Almanac cannot connect to Discord.
Put the token in .env (see .env.example) or the environment, or try the bot offline:
  ./run.sh console                         an interactive prompt (/who person:Ilya ...)
  ./run.sh call who person=Ilya --json     one command, printed as Discord would receive it"""


def _offline_user(args: argparse.Namespace) -> User:
    from bot.offline.driver import ALL_PERMISSIONS, User

    name = getattr(args, "user", None) or "member"
    if getattr(args, "moderator", False):
        return User(name=name, permissions=ALL_PERMISSIONS)
    return User(name=name)


def _offline_settings(args: argparse.Namespace, settings: Settings) -> Settings:
    """The console and `call` use a database of their own (var/almanac-offline.db), so trying
    commands never touches the bot's; `--database URL`, or a DATABASE_URL naming a database,
    chooses another."""
    if args.database:
        return settings.model_copy(update={"database_url": args.database})
    if settings.database_url != DEFAULT_DATABASE_URL:
        return settings
    return settings.model_copy(update={"database_url": OFFLINE_DATABASE_URL})


def _console(args: argparse.Namespace, settings: Settings) -> int:
    from bot.offline.runner import run_console

    return run_console(_offline_settings(args, settings), locale=args.locale, user=_offline_user(args))


def _call(args: argparse.Namespace, settings: Settings) -> int:
    from bot.offline.driver import OfflineError
    from bot.offline.runner import parse_call_options, run_call

    # "call quiz leaderboard period=all": leading words without "=" name the (sub)command
    words = [args.name, *args.options]
    if not all(_is_text(word) for word in words):
        print("error: the command line is not valid UTF-8 text; check the terminal's encoding", file=sys.stderr)
        return 2
    count = next((n for n, word in enumerate(words) if "=" in word), len(words))
    try:
        options = parse_call_options(words[count:])
        form = parse_call_options(args.form)
    except OfflineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return run_call(
        _offline_settings(args, settings),
        " ".join(words[:count]).lstrip("/"),
        options,
        locale=args.locale,
        user=_offline_user(args),
        as_json=args.json,
        form=form,
    )


def _is_text(word: str) -> bool:
    """False for arguments that were not valid UTF-8 (Python keeps such bytes as lone surrogates)."""
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _refuse(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _run(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.discord_token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from bot.runner import run_bot

    return run_bot(settings, new_database=getattr(args, "new_database", False))


def _default(args: argparse.Namespace, settings: Settings) -> int:
    """No subcommand: run the bot, or without a token explain and open the console when interactive."""
    if settings.discord_token:
        return _run(args, settings)
    print(NO_TOKEN, file=sys.stderr)
    if sys.stdin.isatty():
        print("\nStarting the offline console...\n", file=sys.stderr)
        args.locale, args.user, args.moderator, args.database = "en-US", None, False, None
        return _console(args, settings)
    return 2


def _sync(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.discord_token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from bot.runner import sync_commands

    return sync_commands(settings, guild_id=args.guild)


def _quiz_sample(args: argparse.Namespace, settings: Settings) -> int:
    import json
    import random

    from bot.domain.quiz import generate, verify
    from bot.i18n import Lang
    from bot.services.quiz import knowledge
    from db.store import Store

    store = Store.open(settings.database_url, data_dir=settings.data_dir)
    kb = knowledge(store)
    store.close()
    rng = random.Random(args.seed)
    lang = Lang.from_locale(args.locale).value
    asked: set[str] = set()
    questions = []
    for _ in range(args.count):
        question = generate(kb, rng, asked=asked)
        if question is None:
            break
        assert verify(question, kb), question.qid  # generate() only returns verified questions
        asked.add(question.qid)
        questions.append(question.localised(lang))
    if args.json:
        print(json.dumps(questions, ensure_ascii=False, indent=2))
    else:
        for n, q in enumerate(questions, start=1):
            print(f"{n}. [{q['kind']}] {q['question']}")
            for i, option in enumerate(q["options"]):
                print(f"   {'*' if i == q['answer_index'] else ' '} {'ABCD'[i]}. {option}")
            print(f"   → {q['explanation']}  ({', '.join(q['sources'])})")
    return 0


def _bench(args: argparse.Namespace, settings: Settings) -> int:
    import json
    import tempfile

    from bot.bench.quiz_burst import burst_table, quiz_burst, scratch_postgres
    from bot.bench.run import bench, table

    try:
        scales = [int(s) for s in args.scale.split(",")]
    except ValueError:
        print("--scale takes whole numbers, e.g. 1,10,100", file=sys.stderr)
        return 2
    report = {} if args.burst_only else bench(settings.data_dir, scales, runs=args.runs)
    if not args.json and report:
        print(table(report), flush=True)
    report["quiz_bursts"] = bursts = []
    with tempfile.TemporaryDirectory(prefix="almanac-burst-") as tmp:
        bursts.append(quiz_burst(f"sqlite:///{tmp}/burst.db", processes=1, data_dir=settings.data_dir))
    if args.postgres:
        with scratch_postgres(args.postgres) as url:
            bursts.append(quiz_burst(url, processes=2, data_dir=settings.data_dir))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print("\n== quiz-button burst ==\n" + "\n".join(burst_table(b) for b in bursts))
    return 0


def _add_offline_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--locale", default="en-US", help="the member's Discord locale: en-US, zh-TW, zh-CN ...")
    parser.add_argument("--user", help="the member's name (default: member)")
    parser.add_argument("--moderator", action="store_true", help="act as a member with Manage Server")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="the database to use (default: DATABASE_URL if set, else var/almanac-offline.db, not the bot's)",
    )


def _add_new_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--new-database",
        action="store_true",
        help="if the database file is empty, foreign or damaged, keep it aside and create a new one from data/",
    )


def _health(args: argparse.Namespace, settings: Settings) -> int:
    from db.health import check

    result = check(settings.database_url)
    print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def _db_backup(args: argparse.Namespace, settings: Settings) -> int:
    from db.backup import BackupError, backup

    if Path(args.path).exists():
        return _refuse(f"{args.path} already exists; choose a new name (a backup never overwrites a file)")
    try:
        path = backup(settings.database_url, Path(args.path))
    except BackupError as exc:
        return _refuse(f"backup failed: {exc}")
    print(f"backup written and checked: {path}")
    return 0


def _db_restore(args: argparse.Namespace, settings: Settings) -> int:
    from db.backup import BackupError, check, restore

    problems = check(Path(args.path))
    if problems:
        print(f"{args.path} cannot be restored: {'; '.join(problems)}", file=sys.stderr)
        return 1
    if not args.yes:
        print(
            "This replaces the current database (a safety copy is kept). Stop the bot first, then run again with --yes."
        )
        return 2
    try:
        safety = restore(settings.database_url, Path(args.path))
    except BackupError as exc:
        print(f"restore failed: {exc}", file=sys.stderr)
        return 1
    print(f"restored {args.path}; the previous database is kept at {safety}")
    return 0


def _add_source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--title", help="the article's title")
    parser.add_argument("--publisher", help="who published it")
    parser.add_argument("--published", help="its date, YYYY-MM-DD (relative dates in the text count from it)")
    parser.add_argument("--url", help="where it can be read")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Almanac: a sourced fact bot for Discord.")
    parser.set_defaults(handler=_default)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="connect to Discord with DISCORD_TOKEN and serve members")
    _add_new_database_option(run)
    run.set_defaults(handler=_run)
    console = sub.add_parser("console", help="use the bot offline at an interactive prompt")
    _add_offline_options(console)
    console.set_defaults(handler=_console)
    call = sub.add_parser("call", help="run one command offline, e.g. call who person=Ilya --json")
    call.add_argument("name", help="command name, e.g. who")
    call.add_argument("options", nargs="*", help="options as name=value")
    call.add_argument("--json", action="store_true", help="print the exact message payloads, every page")
    call.add_argument(
        "--form",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="fill in the form the command opens (repeatable; other fields keep their text), then submit it",
    )
    _add_offline_options(call)
    call.set_defaults(handler=_call)
    quiz = sub.add_parser("quiz", help="the daily quiz")
    quiz_sub = quiz.add_subparsers(dest="quiz_command", metavar="ACTION", required=True)
    sample = quiz_sub.add_parser("sample", help="print generated questions for review")
    sample.add_argument("--count", type=int, default=10, help="how many questions (default 10)")
    sample.add_argument("--seed", type=int, default=None, help="random seed, for repeatable samples")
    sample.add_argument("--locale", default="en-US", help="en-US, zh-TW or zh-CN")
    sample.add_argument(
        "--json", action="store_true", help="JSON objects: kind, question, options, answer_index, explanation, sources"
    )
    sample.set_defaults(handler=_quiz_sample)

    bench = sub.add_parser("bench", help="speed and memory at several data scales (a few minutes)")
    bench.add_argument("--scale", default="1,10,100", help="comma-separated multiples of the shipped data")
    bench.add_argument("--runs", type=int, default=60, help="timed runs per command (default 60)")
    bench.add_argument("--json", action="store_true", help="the same figures as JSON")
    bench.add_argument(
        "--postgres",
        metavar="URL",
        help="also run the quiz-button burst with two bot processes on PostgreSQL (a server URL; "
        "a scratch database is created there and dropped)",
    )
    bench.add_argument("--burst-only", action="store_true", help="only the quiz-button burst")
    bench.set_defaults(handler=_bench)

    sync = sub.add_parser("sync", help="register the slash commands with Discord (globally or in one server)")
    sync.add_argument("--guild", type=int, help="server id: sync there only (instant, for testing)")
    sync.set_defaults(handler=_sync)

    health = sub.add_parser(
        "health", help="exit 0 when the database answers and its schema is current (for health checks)"
    )
    health.set_defaults(handler=_health)

    data = sub.add_parser("data", help="work with the curated dataset in data/")
    data_sub = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    check = data_sub.add_parser("check", help="validate data/ and print counts")
    check.add_argument("--data", help="dataset folder (default: ./data)")
    check.add_argument("--articles", help="folder of source articles, to verify citation anchors")
    check.set_defaults(handler=_data_check)

    export = data_sub.add_parser("export", help="write the store (moderator edits included) in the data/ format")
    export.add_argument("directory", help="where to write sources.yaml, entities.yaml and facts/")
    export.add_argument("--overwrite", action="store_true", help="write into a folder that already has files")
    export.set_defaults(handler=_data_export)

    source = sub.add_parser("source", help="new articles: proposed statements for review")
    source_sub = source.add_subparsers(dest="source_command", metavar="ACTION", required=True)
    propose = source_sub.add_parser("propose", help="print the statements an article would add (stores nothing)")
    propose.add_argument("file", help="the article, a UTF-8 text file")
    _add_source_options(propose)
    propose.add_argument("--json", action="store_true", help="a JSON list of proposals")
    propose.set_defaults(handler=_source_propose)
    add = source_sub.add_parser("add", help="store an article with its text and queue its proposals for review")
    add.add_argument("file", help="the article, a UTF-8 text file")
    _add_source_options(add)
    add.add_argument("--actor", default="console", help="who adds it (shown in the review queue)")
    add.set_defaults(handler=_source_add)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = db_sub.add_parser("upgrade", help="migrate the database to the latest schema and seed it")
    upgrade.add_argument("--no-seed", action="store_true", help="only migrate")
    _add_new_database_option(upgrade)
    upgrade.set_defaults(handler=_db_upgrade)
    backup = db_sub.add_parser("backup", help="a consistent online copy of the SQLite database")
    backup.add_argument("path", help="where to write the copy")
    backup.set_defaults(handler=_db_backup)
    restore = db_sub.add_parser("restore", help="check a backup, then replace the database with it")
    restore.add_argument("path", help="the backup file")
    restore.add_argument("--yes", action="store_true", help="really replace the current database")
    restore.set_defaults(handler=_db_restore)
    seed = db_sub.add_parser("seed", help="apply data/ to the database (never overwrites moderator edits)")
    seed.add_argument("--data", help="dataset folder (default: ./data)")
    seed.set_defaults(handler=_db_seed)
    return parser


def main(argv: Sequence[str] | None = None, *, settings: Settings | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = settings or Settings.from_env()
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    quiet = logging.getLevelName(settings.log_level) > logging.DEBUG
    if quiet:  # library chatter (schema checks, gateway details) only when debugging
        for noisy in ("alembic", "discord"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    if quiet and args.handler in (_console, _call, _quiz_sample, _bench, _health):
        logging.getLogger().setLevel(logging.WARNING)
    handler: Handler = args.handler
    from bot.domain.dataset import DatasetError
    from db.startup import StoreError

    try:
        return handler(args, settings)
    except StoreError as exc:  # the database cannot be used: one line that says what to do
        return _refuse(str(exc))
    except DatasetError as exc:
        first = exc.problems[0] if exc.problems else exc
        return _refuse(
            f"the dataset in {settings.data_dir} cannot be loaded ({len(exc.problems)} problems; first: {first})"
        )
