"""`python -m bot ...`: the command line. Subcommands are small functions over Settings."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.settings import DEFAULT_ARTICLES_DIR, Settings, SettingsError

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace, Settings], int]


def _data_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.dataset import DatasetError, load_dataset

    data_dir = Path(args.data or settings.data_dir)
    articles = Path(args.articles) if args.articles else (DEFAULT_ARTICLES_DIR if DEFAULT_ARTICLES_DIR.is_dir() else None)
    try:
        dataset = load_dataset(data_dir, articles_dir=articles)
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


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from db.store import Store

    store = Store.open(settings.database_url, data_dir=None if args.no_seed else settings.data_dir)
    from db.migrate import current_revision

    print(f"database at schema {current_revision(store.engine)}")
    store.close()
    return 0


def _db_seed(args: argparse.Namespace, settings: Settings) -> int:
    from db.store import Store

    store = Store.open(settings.database_url)
    report = store.seed_from(Path(args.data or settings.data_dir))
    print(f"seed: {report.summary()}")
    store.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Almanac: a sourced fact bot for Discord.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    data = sub.add_parser("data", help="work with the curated dataset in data/")
    data_sub = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    check = data_sub.add_parser("check", help="validate data/ and print counts")
    check.add_argument("--data", help="dataset folder (default: ./data)")
    check.add_argument("--articles", help="folder of source articles, to verify citation anchors")
    check.set_defaults(handler=_data_check)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = db_sub.add_parser("upgrade", help="migrate the database to the latest schema and seed it")
    upgrade.add_argument("--no-seed", action="store_true", help="only migrate")
    upgrade.set_defaults(handler=_db_upgrade)
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
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    return handler(args, settings)
