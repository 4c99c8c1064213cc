"""One bot start for the concurrency test: waits for a common moment, then opens the store.

Run as: python -m tests.db.start_worker DATABASE_URL DATA_DIR START_AT (a time.time() value)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from db.store import Store


def main(url: str, data_dir: str, start_at: float) -> None:
    time.sleep(max(0.0, start_at - time.time()))  # every process is imported and ready by then
    store = Store.open(url, data_dir=Path(data_dir))
    store.close()
    print("STARTED", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
