"""The token stays secret: never in logs, errors, the console or settings' repr."""

from __future__ import annotations

import subprocess
import sys

from bot.settings import PROJECT_ROOT, Settings

TOKEN = "MTIzNDU2.secret-token-for-tests.abcdef"


def test_settings_repr_hides_the_token():
    settings = Settings.from_env({"DISCORD_TOKEN": TOKEN})
    assert settings.discord_token == TOKEN
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)


def test_token_never_appears_in_output_even_when_debugging(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DISCORD_TOKEN": TOKEN,
        "LOG_LEVEL": "DEBUG",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
    }
    # No network here: connecting fails, and that failure is reported without the token.
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode in (1, 2)
    assert "cannot reach Discord" in proc.stderr or "refused the token" in proc.stderr
    assert TOKEN not in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_dotenv_is_ignored_by_git():
    ignored = (PROJECT_ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in ignored
