"""The offline runner as a person uses it: `call --json` and the interactive console."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest

from bot.offline.driver import User
from bot.offline.runner import parse_command_line, run_call, run_console
from bot.settings import PROJECT_ROOT, Settings


@pytest.fixture
def settings(db_url, data_dir) -> Settings:
    return Settings(database_url=db_url, data_dir=data_dir)


def test_parse_command_line_keeps_spaces_in_values():
    assert parse_command_line("/timeline year:2023 person:Sam Altman") == (
        "timeline",
        {"year": "2023", "person": "Sam Altman"},
    )
    assert parse_command_line("who person:伊爾亞·蘇茨克維") == ("who", {"person": "伊爾亞·蘇茨克維"})
    assert parse_command_line("/quiz setup channel:123 time:09:00") == (
        "quiz setup",
        {"channel": "123", "time": "09:00"},
    )


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
    typed = (
        "\n".join(
            [
                "/who person:Kevin",
                "1",
                "/timeline year:2023",
                "2",
                "locale zh-TW",
                "/departures destination:特斯拉",
                "/who Ilya",
                "9",
                "quit",
            ]
        )
        + "\n"
    )
    out = io.StringIO()
    assert run_console(settings, locale="en-US", user=User(), stdin=io.StringIO(typed), out=out) == 0
    screen = out.getvalue()
    assert "[1] Kevin Scott" in screen
    assert "┌─ Kevin Scott" in screen  # chose from the menu by number
    assert "Page 2/" in screen  # pressed Next on the timeline
    assert "卡帕西" in screen
    assert "! write options as name:value, e.g. /who person:..." in screen  # "/who Ilya"
    assert "! there is no item 9" in screen


def test_console_buttons_keep_their_numbers_on_every_page(settings):
    """The README's "type 2 for Next page" holds on the first, a middle and the last page."""
    typed = "/departures\n1\n2\n2\n1\n" + "2\n" * 40 + "quit\n"
    out = io.StringIO()
    assert run_console(settings, locale="en-US", user=User(), stdin=io.StringIO(typed), out=out) == 0
    screen = out.getvalue()
    pages = re.findall(r"Page (\d+)/(\d+)", screen)
    total = int(pages[0][1])
    assert total >= 3
    # 1 on the first page: Previous is shown (as [1], not available) and does nothing
    assert "[1] ◀️ Previous (not available)\n   [2] ▶️ Next" in screen
    assert "! item 1 is not available right now" in screen
    shown = [int(n) for n, _ in pages]
    assert shown[:4] == [1, 2, 3, 2]  # 2 = Next, 2 = Next, 1 = Previous
    assert shown[-1] == total  # 2 kept paging to the last page, where Next is not available
    assert f"Page {total}/{total}" in screen and "[2] ▶️ Next (not available)" in screen
    assert "! item 2 is not available right now" in screen


def test_python_m_bot_without_token_points_to_the_console(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 2
    assert "No DISCORD_TOKEN" in proc.stderr and "console" in proc.stderr


def test_call_via_the_command_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "call", "departures", "year=2024", "--json"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    pages = json.loads(proc.stdout)
    assert "2024" in pages[0]["embeds"][0]["title"]


def test_console_posts_a_quiz_question_and_answers_it(settings):
    from bot.offline.driver import ALL_PERMISSIONS

    typed = "/quiz now\n1\n1\nquit\n"
    out = io.StringIO()
    moderator = User(id=42, name="mod", permissions=ALL_PERMISSIONS)
    assert run_console(settings, locale="en-US", user=moderator, stdin=io.StringIO(typed), out=out) == 0
    screen = out.getvalue()
    assert "Daily question" in screen and "Posted a question" in screen
    assert "is locked in" in screen  # pressed the first answer button
    assert "You already answered" in screen  # and a second press is refused


def test_quiz_sample_prints_reviewable_json(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "quiz", "sample", "--count", "12", "--seed", "5", "--locale", "zh-CN", "--json"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    questions = json.loads(proc.stdout)
    assert len(questions) == 12
    for q in questions:
        assert set(q) == {"kind", "question", "options", "answer_index", "explanation", "sources", "difficulty"}
        assert q["difficulty"] in ("easy", "medium", "hard")
        assert 0 <= q["answer_index"] < len(q["options"])
    assert len({(q["question"], tuple(q["options"])) for q in questions}) == 12, "no question repeats"


def test_console_fills_the_edit_form(settings):
    from bot.offline.driver import ALL_PERMISSIONS

    # text_en, text_zh, dates, detail: Enter keeps; then the reason
    typed = (
        "/fact edit id:1\nGreg Brockman took a long break (edited in the console).\n\n\n\n"
        "console test\n/fact history id:1\nquit\n"
    )
    out = io.StringIO()
    moderator = User(id=42, name="mod", permissions=ALL_PERMISSIONS)
    assert run_console(settings, locale="en-US", user=moderator, stdin=io.StringIO(typed), out=out) == 0
    screen = out.getvalue()
    assert "Edit fact #1" in screen
    assert "Fact #1 is now version 2" in screen
    assert "console test" in screen and "changed: text_en" in screen


MODERATOR = User(id=42, name="mod", permissions=str((1 << 50) - 1))


def test_call_says_a_form_opened_and_shows_its_fields(settings):
    out = io.StringIO()
    assert run_call(settings, "fact edit", {"id": "1"}, locale="en-US", user=MODERATOR, as_json=False, out=out) == 0
    text = out.getvalue()
    assert "form: Edit fact #1" in text and "text_en (English text):" in text and "--form NAME=VALUE" in text
    out = io.StringIO()
    assert run_call(settings, "fact edit", {"id": "1"}, locale="en-US", user=MODERATOR, as_json=True, out=out) == 0
    payload = json.loads(out.getvalue())
    assert payload[0]["form"]["title"] == "Edit fact #1"


def test_call_fills_and_submits_the_form(settings):
    out = io.StringIO()
    form = {"text_en": "Rewritten from a script.", "reason": "scripted"}
    code = run_call(
        settings, "fact edit", {"id": "1"}, locale="en-US", user=MODERATOR, as_json=False, form=form, out=out
    )
    assert code == 0
    assert "Fact #1 is now version 2" in out.getvalue()
    out = io.StringIO()
    unchanged = {"reason": "only looking"}
    run_call(settings, "fact edit", {"id": "1"}, locale="zh-TW", user=MODERATOR, as_json=True, form=unchanged, out=out)
    assert "內容沒有變動" in json.dumps(json.loads(out.getvalue()), ensure_ascii=False)


def test_call_form_mistakes_exit_2_with_a_message(settings, capsys):
    bad_field = {"colour": "red"}
    assert (
        run_call(settings, "fact edit", {"id": "1"}, locale="en-US", user=MODERATOR, as_json=False, form=bad_field) == 2
    )
    assert "the form has no field colour (fields: text_en, text_zh, dates, detail, reason)" in capsys.readouterr().err
    assert (
        run_call(settings, "who", {"person": "Ilya"}, locale="en-US", user=User(), as_json=False, form={"a": "b"}) == 2
    )
    assert "opened no form" in capsys.readouterr().err


def test_call_form_via_the_command_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "bot", "call", "fact", "edit", "id=1", "--moderator"]
    form = ["--form", "text_en=Rewritten from the shell.", "--form", "reason=scripted"]
    proc = subprocess.run(command + form, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Fact #1 is now version 2" in proc.stdout


def test_console_suggestion_end_to_end(settings):
    """A member suggests a correction from an answer's button; a moderator approves it in /review."""
    from bot.offline.driver import ALL_PERMISSIONS

    member = User(id=51, name="reader")
    typed = "\n".join(
        [
            "/who person:Ilya",
            "3",  # Suggest a correction (after Previous and Next)
            "1",  # the first statement in the menu
            "The year is wrong",
            "Ilya Sutskever co-founded OpenAI in 2015 (console check).",
            "https://example.org/ilya",
            "quit",
        ]
    )
    out = io.StringIO()
    assert run_console(settings, locale="en-US", user=member, stdin=io.StringIO(typed), out=out) == 0
    screen = out.getvalue()
    assert "Choose the statement you want to correct" in screen
    assert "┌─ Suggest a correction" in screen
    found = re.search(r"Suggestion #(\d+) is in the review queue", screen)
    assert found, screen[-2000:]
    item = found.group(1)
    moderator = User(id=52, name="mod", permissions=ALL_PERMISSIONS)
    out = io.StringIO()
    typed = "/review\n1\n/who person:Ilya\n2\nquit\n"
    assert run_console(settings, locale="en-US", user=moderator, stdin=io.StringIO(typed), out=out) == 0
    screen = out.getvalue()
    assert "proposed: Ilya Sutskever co-founded OpenAI in 2015 (console check)." in screen
    assert f"Approved #{item}" in screen
    shown = screen.split(f"Approved #{item}")[1]
    assert "(console check)" in shown and "example.org" in shown  # the next /who shows it, citing the member's source


def test_call_suggest_fills_the_form(settings):
    out = io.StringIO()
    form = {"wrong": "typo", "should_say": "A corrected text.", "url": "https://example.org/x"}
    key_out = io.StringIO()
    assert run_call(settings, "who", {"person": "Ilya"}, locale="en-US", user=User(), as_json=True, out=key_out) == 0
    key = json.loads(key_out.getvalue())[0]["components"][0]["components"][-1]["custom_id"]
    assert key.startswith("sg:who:")
    from bot.services.statements import statements
    from db.store import Store

    store = Store.open(settings.database_url)
    try:
        statement = statements(store).about("ilya-sutskever")[0].key
    finally:
        store.close()
    code = run_call(
        settings, "suggest", {"statement": statement}, locale="zh-TW", user=User(), as_json=False, form=form, out=out
    )
    assert code == 0 and "已進入審核佇列" in out.getvalue()
