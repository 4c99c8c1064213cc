"""Schema migrations (Alembic), run programmatically so no alembic.ini is needed at run time."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from db.engine import BUSY_TIMEOUT_MS

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def _transactional_sqlite(engine: Engine) -> Engine:
    """An engine on the same SQLite file whose transactions really enclose DDL.

    Python's sqlite3 opens a transaction only before INSERT/UPDATE/DELETE, so CREATE TABLE would
    commit on its own and a crash halfway through a migration would leave some of its tables
    behind ("table ... already exists" at the next start). Here sqlite3 is told to stay out of it
    and SQLAlchemy emits BEGIN IMMEDIATE itself: each migration, with its version stamp, is all
    or nothing. (Only for migrations: the bot's own sessions keep the driver's default.)
    """
    migrating = create_engine(engine.url, poolclass=NullPool)

    @event.listens_for(migrating, "connect")
    def _connect(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API connection
        dbapi_conn.isolation_level = None
        dbapi_conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        dbapi_conn.execute("PRAGMA foreign_keys=ON")

    @event.listens_for(migrating, "begin")
    def _begin(conn) -> None:  # noqa: ANN001 - SQLAlchemy connection
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return migrating


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision`; a no-op when it is already there. Each migration runs in
    its own transaction, so a crash leaves the schema at the last whole migration and the next
    upgrade carries on from there."""
    before = current_revision(engine)
    if before == head_revision(engine) and revision == "head":
        return
    sqlite = engine.url.get_backend_name() == "sqlite"
    migrating = _transactional_sqlite(engine) if sqlite else engine
    try:
        command.upgrade(alembic_config(migrating), revision)
    finally:
        if sqlite:
            migrating.dispose()
    after = current_revision(engine)
    if before != after:
        log.info("database schema upgraded %s → %s", before or "empty", after)
