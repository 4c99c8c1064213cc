"""The built package works without a checkout: the wheel carries the dataset and the migrations,
and the installed code finds them there (as after `pip install .` or `uv tool install .`)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

pytest.importorskip("hatchling")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # hatchling from the test environment: no build isolation, so no network
    proc = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    (built,) = out.glob("almanac-*.whl")
    return built


def test_wheel_carries_every_dataset_file_and_migration(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    data = PROJECT_ROOT / "data"
    expected = {f"bot/_data/{p.relative_to(data).as_posix()}" for p in data.rglob("*.yaml")}
    assert len(expected) >= 7  # sources, entities and one file of facts per article
    assert expected <= names, sorted(expected - names)
    migrations = PROJECT_ROOT / "db" / "migrations"
    assert {f"db/migrations/{p.relative_to(migrations).as_posix()}" for p in migrations.rglob("*.py")} <= names
    assert "db/migrations/script.py.mako" in names
    assert not any(name.startswith("tests/") for name in names)


def test_wheel_metadata_declares_the_license_and_the_command(wheel):
    archive = zipfile.ZipFile(wheel)
    info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    metadata = Parser().parsestr(archive.read(info).decode())
    assert metadata["License-Expression"] == "MIT"
    entry_points = archive.read(info.replace("METADATA", "entry_points.txt")).decode()
    assert "almanac = bot.__main__:main" in entry_points


# run the `almanac` command's entry point, after checking the code comes from the installed files
RUN_INSTALLED = """
import sys
site = sys.argv.pop(1)
import bot.settings
assert bot.settings.__file__.startswith(site), bot.settings.__file__
assert not bot.settings.IN_CHECKOUT
from bot.__main__ import main
sys.exit(main())
"""


def test_installed_package_answers_offline_from_its_own_dataset(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    home = tmp_path / "home"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "PYTHONPATH": str(site),  # the installed files only: no checkout on the path
    }
    proc = subprocess.run(
        [sys.executable, "-c", RUN_INSTALLED, str(site), "call", "who", "person=Ilya"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Ilya Sutskever" in proc.stdout and "Chief Scientist" in proc.stdout
    # the database went to the user's state folder, not into site-packages or the working folder
    # `call` keeps to the offline runner's own database, in the user's state folder
    assert (home / ".local" / "state" / "almanac" / "almanac-offline.db").is_file()
    assert not (site / "var").exists() and not (tmp_path / "var").exists()
