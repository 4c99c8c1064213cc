"""`python -m bot health`: what a container health check or a monitor sees."""

from __future__ import annotations

from sqlalchemy import create_engine

from bot.cli import main
from bot.settings import Settings
from db import migrate
from tests.dbs import ON_POSTGRES, sqlite_only


def test_healthy_when_the_database_answers_at_the_current_head(db_url, capsys):
    settings = Settings(database_url=db_url)
    assert main(["db", "upgrade", "--no-seed"], settings=settings) == 0
    capsys.readouterr()
    assert main(["health"], settings=settings) == 0
    head = migrate.head_revision(create_engine(db_url))
    assert capsys.readouterr().out.strip() == f"ok: database answers, schema at head {head}"


def test_unhealthy_when_the_schema_is_behind(db_url, capsys):
    engine = create_engine(db_url)
    migrate.upgrade(engine, "0003")
    engine.dispose()
    assert main(["health"], settings=Settings(database_url=db_url)) == 1
    err = capsys.readouterr().err
    assert "schema is at 0003" in err and "run `db upgrade`" in err


def test_unhealthy_when_the_database_has_no_schema(db_url, capsys):
    if not ON_POSTGRES:  # an empty SQLite file
        create_engine(db_url).connect().close()
    assert main(["health"], settings=Settings(database_url=db_url)) == 1
    assert "has no schema yet" in capsys.readouterr().err


@sqlite_only
def test_unhealthy_and_creates_nothing_when_the_file_is_missing(tmp_path, capsys):
    missing = tmp_path / "nothing-here.db"
    assert main(["health"], settings=Settings(database_url=f"sqlite:///{missing}")) == 1
    assert "no database at" in capsys.readouterr().err
    assert not missing.exists()


def test_unhealthy_when_the_server_does_not_answer(capsys):
    # a closed port on this machine: refused at once; the password never appears in the message
    url = "postgresql+psycopg://almanac:hunter2@127.0.0.1:9/almanac"
    assert main(["health"], settings=Settings(database_url=url)) == 1
    err = capsys.readouterr().err
    assert "database does not answer" in err and "hunter2" not in err
