"""The offline runner as a person uses it: `call --json` and the interactive console."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from bot.offline.driver import OfflineError, User
from bot.offline.runner import parse_command_line, run_call, run_console
from bot.settings import PROJECT_ROOT, Settings


@pytest.fixture
def settings(db_url, data_dir) -> Settings:
    return Settings(database_url=db_url, data_dir=data_dir)


def test_parse_command_line_keeps_spaces_in_values():
    assert parse_command_line("/timeline year:2023 person:Sam Altman") == ("timeline", {"year": "2023", "person": "Sam Altman"})
    assert parse_command_line("who person:伊爾亞·蘇茨克維") == ("who", {"person": "伊爾亞·蘇茨克維"})
    with pytest.raises(OfflineError):
        parse_command_line("/who Ilya")


def test_call_json_prints_every_page_as_discord_receives_it(settings):
    out = io.StringIO()
    assert run_call(settings, "who", {"person": "蘇特斯科夫"}, locale="zh-CN", user=User(), as_json=True, out=out) == 0
    pages = json.loads(out.getvalue())
    assert len(pages) >= 2
    for n, page in enumerate(pages, start=1):
        assert set(page) >= {"content", "embeds", "components", "flags", "allowed_mentions"}
        assert page["allowed_mentions"] == {"parse": []}
        assert f"第 {n}/{len(pages)} 页" in page["embeds"][0]["footer"]["text"]
        assert page["embeds"][0]["title"] == "Ilya Sutskever · 伊尔亚·苏茨克维"


def test_call_reports_unknown_commands_and_options(settings, capsys):
    assert run_call(settings, "nope", {}, locale="en-US", user=User(), as_json=False) == 2
    assert "unknown command /nope" in capsys.readouterr().err
    assert run_call(settings, "who", {"colour": "red"}, locale="en-US", user=User(), as_json=False) == 2
    assert "has no option 'colour'" in capsys.readouterr().err


def test_console_runs_commands_and_presses_buttons(settings):
    typed = "\n".join(["/who person:Kevin", "1", "/timeline year:2023", "1", "locale zh-TW",
                       "/departures destination:特斯拉", "/who person", "9", "quit"]) + "\n"
    out = io.StringIO()
    assert run_console(settings, locale="en-US", user=User(), stdin=io.StringIO(typed), out=out) == 0
    screen = out.getvalue()
    assert "[1] Kevin Scott" in screen
    assert "┌─ Kevin Scott" in screen  # chose from the menu by number
    assert "Page 2/" in screen  # pressed Next on the timeline
    assert "卡帕西" in screen
    assert "! write options as name:value" in screen  # "/who person" without a value
    assert "! there is no item 9" in screen


def test_python_m_bot_without_token_points_to_the_console(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert "No DISCORD_TOKEN" in proc.stderr and "console" in proc.stderr


def test_call_via_the_command_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "bot", "call", "departures", "year=2024", "--json"], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    pages = json.loads(proc.stdout)
    assert "2024" in pages[0]["embeds"][0]["title"]
