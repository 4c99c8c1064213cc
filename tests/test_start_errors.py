"""Starting in a broken environment: one line that says what is wrong, exit code 2, no traceback."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT


def _bot(*args: str | bytes, database_url: str, wrap: list[str] | None = None, **kwargs) -> tuple[int, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    proc = subprocess.run(
        [*(wrap or []), sys.executable, "-m", "bot", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        timeout=180,
        **kwargs,
    )
    return proc.returncode, proc.stderr.decode("utf-8", "replace").strip()


def _one_clear_line(code: int, err: str) -> str:
    assert code == 2, err
    assert "Traceback" not in err and err.count("\n") == 0, err
    assert err.startswith("error: ")
    return err


def test_a_bad_database_url(tmp_path):
    err = _one_clear_line(*_bot("db", "upgrade", database_url="almanac.db"))
    assert "DATABASE_URL" in err


def test_a_missing_database_driver():
    url = "postgresql+asyncpg://almanac:secret@127.0.0.1/almanac"
    err = _one_clear_line(*_bot("db", "upgrade", database_url=url))
    assert "driver" in err and "secret" not in err


def test_a_full_disk_at_the_first_start(tmp_path):
    def small_disk() -> None:  # writes past 300 kB fail, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))

    db = tmp_path / "almanac.db"
    err = _one_clear_line(*_bot("db", "upgrade", database_url=f"sqlite:///{db}", preexec_fn=small_disk))
    assert "full" in err
    assert not db.exists(), "no half-made database left where the next start would find it"
    assert _bot("db", "upgrade", database_url=f"sqlite:///{db}")[0] == 0, "with room again, it starts"


def _read_only_mount_works(tmp_path: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount --bind {tmp_path} {tmp_path} && mount -o remount,bind,ro {tmp_path}"],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.mark.parametrize("existing", [False, True], ids=["new", "existing"])
def test_a_read_only_filesystem(tmp_path, existing, data_dir):
    if not _read_only_mount_works(tmp_path):
        pytest.skip("needs unshare and mount (root in a mount namespace)")
    folder = tmp_path / "db"
    folder.mkdir()
    url = f"sqlite:///{folder / 'almanac.db'}"
    if existing:
        assert _bot("db", "upgrade", database_url=url)[0] == 0
    before = sorted(p.name for p in folder.iterdir())
    read_only = [
        "unshare",
        "-m",
        "sh",
        "-c",
        f'mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && exec "$@"',
        "-",
    ]
    err = _one_clear_line(*_bot("db", "upgrade", database_url=url, wrap=read_only))
    assert "check permissions and mounts" in err
    assert sorted(p.name for p in folder.iterdir()) == before


def test_invalid_utf8_given_to_the_offline_runner(tmp_path):
    err = _one_clear_line(*_bot("call", "who", b"person=\xff", database_url=f"sqlite:///{tmp_path / 'x.db'}"))
    assert "UTF-8" in err
