"""`python -m bot health`: does the database answer, and is its schema at the current migration head?

For container health checks and monitoring: it reads only, never creates or migrates anything.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from db import migrate

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 5


@dataclass(frozen=True)
class Health:
    ok: bool
    message: str


def check(url: str) -> Health:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    connect_args: dict[str, object] = {}
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            return Health(False, "DATABASE_URL names no SQLite file")
        path = Path(parsed.database).expanduser()
        if not path.is_file():  # connecting would create an empty file: report it missing instead
            return Health(False, f"no database at {path} (start the bot or run `db upgrade` first)")
        connect_args["timeout"] = CONNECT_TIMEOUT_S
    elif backend == "postgresql":
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    where = parsed.render_as_string(hide_password=True)
    engine = create_engine(url, connect_args=connect_args, pool_pre_ping=False)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        current = migrate.current_revision(engine)
        head = migrate.head_revision(engine)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return Health(False, f"database does not answer ({where}): {reason}")
    finally:
        engine.dispose()
    if current is None:
        return Health(False, f"database answers but has no schema yet (head is {head}); run `db upgrade`")
    if current != head:
        return Health(False, f"database schema is at {current}, the current head is {head}; run `db upgrade`")
    return Health(True, f"ok: database answers, schema at head {head}")
