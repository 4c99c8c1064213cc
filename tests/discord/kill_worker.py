"""A bot process for the SIGKILL test: answers and edits in a loop, printing each acknowledgement.

Run as: python -m tests.discord.kill_worker DATABASE_URL DATA_DIR
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.offline.driver import ALL_PERMISSIONS, OfflineDiscord, User
from bot.settings import Settings
from db.store import Store

CHANNEL = 555000000000000001
MOD = User(id=800, name="mod", permissions=ALL_PERMISSIONS)


async def main(url: str, data_dir: str) -> None:
    settings = Settings(database_url=url, data_dir=Path(data_dir))
    store = Store.open(url, data_dir=settings.data_dir)
    offline = await OfflineDiscord.start(settings, store)
    offline.bot.clock = lambda: datetime(2024, 3, 9, 15, 0, tzinfo=UTC)
    await offline.command("quiz setup", {"channel": str(CHANNEL), "time": "15:00", "timezone": "UTC"}, user=MOD)
    await offline.bot.get_cog("Quiz").tick()
    post = offline.fake.messages[offline.fake.channel_messages[CHANNEL][0]]
    button = post["components"][0]["components"][0]["custom_id"]
    print(f"POST {button}", flush=True)
    for n in range(1, 100000):
        reply = await offline.press(post, button, user=User(id=10_000 + n, name=f"m{n}"))
        if "locked in" in (reply.callback or {}).get("content", ""):
            print(f"ACK answer {10_000 + n}", flush=True)
        form = await offline.command("fact edit", {"id": "1"}, user=MOD)
        done = await offline.submit(
            form.callback, {"text_en": f"Edit number {n}.", "reason": f"kill test {n}"}, user=MOD
        )
        if "is now version" in (done.callback or {}).get("content", ""):
            print(f"ACK edit {n}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
