"""Daily post times in the server's zone, across daylight-saving changes (fake clock)."""

from datetime import UTC, datetime

import pytest

from bot.domain.schedule import ScheduleError, due_today, next_post, parse_time, parse_zone


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_nine_oclock_new_york_moves_in_utc_across_spring_forward():
    # 2024-03-10: clocks go from 02:00 EST to 03:00 EDT.
    before = due_today(utc(2024, 3, 9, 13, 59), "09:00", "America/New_York")
    assert not before.due and before.scheduled == utc(2024, 3, 9, 14, 0)
    assert due_today(utc(2024, 3, 9, 14, 0), "09:00", "America/New_York").due
    after = due_today(utc(2024, 3, 10, 12, 59), "09:00", "America/New_York")
    assert not after.due and after.scheduled == utc(2024, 3, 10, 13, 0)
    assert due_today(utc(2024, 3, 10, 13, 0), "09:00", "America/New_York").due


def test_fall_back_keeps_local_time():
    # 2024-11-03 in New York: back to EST; 09:00 local is 14:00 UTC again.
    assert due_today(utc(2024, 11, 3, 14, 0), "09:00", "America/New_York").scheduled == utc(2024, 11, 3, 14, 0)
    assert due_today(utc(2024, 11, 2, 13, 0), "09:00", "America/New_York").scheduled == utc(2024, 11, 2, 13, 0)


def test_local_day_is_the_servers_day():
    # 23:30 UTC on the 1st is already the 2nd in Taipei.
    due = due_today(utc(2024, 5, 1, 23, 30), "07:00", "Asia/Taipei")
    assert due.day.isoformat() == "2024-05-02" and due.due


def test_a_post_time_inside_the_spring_gap_still_posts_that_day():
    due = due_today(utc(2024, 3, 10, 8, 0), "02:30", "America/New_York")  # 04:00 EDT
    assert due.due and due.day.isoformat() == "2024-03-10"


def test_next_post_is_tomorrow_once_today_passed():
    assert next_post(utc(2024, 3, 9, 15, 0), "09:00", "America/New_York") == utc(2024, 3, 10, 13, 0)
    assert next_post(utc(2024, 3, 9, 10, 0), "09:00", "America/New_York") == utc(2024, 3, 9, 14, 0)


@pytest.mark.parametrize("text", ["9", "24:00", "12:60", "noon", ""])
def test_bad_times(text):
    with pytest.raises(ScheduleError):
        parse_time(text)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "EST5EDT6", "../etc"])
def test_bad_zones(zone):
    with pytest.raises(ScheduleError):
        parse_zone(zone)
