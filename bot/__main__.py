"""Entry point: `python -m bot` (and the installed `almanac` command). Reads .env here, and only here."""

from __future__ import annotations

import os
import sys


def main() -> int:
    from dotenv import load_dotenv

    load_dotenv()
    from bot.cli import main as cli_main

    try:
        return cli_main(sys.argv[1:])
    except BrokenPipeError:  # e.g. `almanac call who person=Ilya | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
