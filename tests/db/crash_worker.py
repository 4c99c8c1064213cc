"""A start that dies (SIGKILL, no clean-up) just before its Nth CREATE TABLE statement.

Run as: python -m tests.db.crash_worker DATABASE_URL DATA_DIR N
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

from db.store import Store


def main(url: str, data_dir: str, kill_at: int) -> None:
    created = 0

    @event.listens_for(Engine, "before_cursor_execute")
    def _maybe_die(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        nonlocal created
        if statement.lstrip().upper().startswith("CREATE TABLE"):
            created += 1
            if created == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

    Store.open(url, data_dir=Path(data_dir)).close()
    print("STARTED", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
