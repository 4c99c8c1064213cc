"""Entry point: `python -m bot`. Reads .env here, and only here."""

from __future__ import annotations

import sys


def main() -> int:
    from dotenv import load_dotenv

    load_dotenv()
    from bot.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
