"""`python -m bot data check` and the db subcommands, as a person runs them."""

from __future__ import annotations

import shutil
import subprocess
import sys

import yaml

from bot.cli import main
from bot.settings import PROJECT_ROOT, Settings


def test_data_check_passes_and_prints_counts(capsys, data_dir):
    assert main(["data", "check"], settings=Settings()) == 0
    out = capsys.readouterr().out
    assert "data check passed" in out
    for label in (
        "sources",
        "people",
        "organisations",
        "aliases",
        "facts",
        "departures",
        "dated events",
        "disputed claims",
    ):
        assert label in out


def test_data_check_reports_a_broken_file_and_fails(capsys, tmp_path, data_dir):
    broken = tmp_path / "data"
    shutil.copytree(data_dir, broken)
    doc = yaml.safe_load((data_dir / "entities.yaml").read_text(encoding="utf-8"))
    doc["entities"].append({"id": "Bad Id", "kind": "robot", "name_en": "X"})
    (broken / "entities.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert main(["data", "check", "--data", str(broken)], settings=Settings()) == 1
    err = capsys.readouterr().err
    assert "entities.yaml: Bad Id: id:" in err
    assert "entities.yaml: Bad Id: kind:" in err


def test_db_upgrade_creates_and_seeds_a_database(db_url, capsys):
    settings = Settings(database_url=db_url)
    assert main(["db", "upgrade"], settings=settings) == 0
    assert "database at schema" in capsys.readouterr().out
    assert main(["db", "seed"], settings=settings) == 0
    assert "0 facts added" in capsys.readouterr().out


def test_module_entry_point_runs(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "data", "check"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "data check passed" in proc.stdout
