"""When a server's daily question is due, in its own time zone (daylight saving included)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


class ScheduleError(ValueError):
    pass


def parse_time(text: str) -> time:
    match = _TIME.match(text or "")
    if not match or not (0 <= int(match[1]) <= 23 and 0 <= int(match[2]) <= 59):
        raise ScheduleError(f"{text!r} is not a time of day (HH:MM, 24-hour)")
    return time(int(match[1]), int(match[2]))


def parse_zone(name: str) -> ZoneInfo:
    name = (name or "").strip()
    try:
        if not name or name not in available_timezones():
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"{name!r} is not an IANA time zone (e.g. Europe/London, Asia/Taipei)") from None


@dataclass(frozen=True)
class Due:
    day: date  # the server's local date
    scheduled: datetime  # aware UTC instant of today's post time
    due: bool  # the post time has passed today


def due_today(now: datetime, post_time: str, zone: str) -> Due:
    """Whether today's (local) post time has passed at UTC instant `now`.

    The local wall-clock time is converted each day, so 09:00 stays 09:00 across a DST change.
    A post time that does not exist on a spring-forward day counts from the first instant after it.
    """
    tz = parse_zone(zone)
    local_now = now.astimezone(tz)
    at = parse_time(post_time)
    scheduled_local = datetime.combine(local_now.date(), at, tzinfo=tz)
    scheduled = scheduled_local.astimezone(ZoneInfo("UTC"))
    return Due(local_now.date(), scheduled, now >= scheduled)


def next_post(now: datetime, post_time: str, zone: str) -> datetime:
    """The next UTC instant a daily post is due after `now`."""
    today = due_today(now, post_time, zone)
    if not today.due:
        return today.scheduled
    tz = parse_zone(zone)
    tomorrow = today.day + timedelta(days=1)
    return datetime.combine(tomorrow, parse_time(post_time), tzinfo=tz).astimezone(ZoneInfo("UTC"))
