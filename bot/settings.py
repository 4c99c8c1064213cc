"""Typed settings, built once from the environment and passed to whatever needs them."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB_PATH = PROJECT_ROOT / "var" / "almanac.db"
DEFAULT_DATABASE_URL = f"sqlite:///{DEFAULT_DB_PATH}"
# The offline console and `call` keep to their own database unless told otherwise.
OFFLINE_DATABASE_URL = f"sqlite:///{DEFAULT_DB_PATH.with_name('almanac-offline.db')}"
DEFAULT_ARTICLES_DIR = PROJECT_ROOT.parent / "shared" / "articles"


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message says which and why."""


def _ids(raw: str, name: str) -> frozenset[int]:
    try:
        return frozenset(int(part) for part in raw.replace(",", " ").split())
    except ValueError as exc:
        raise SettingsError(f"{name} must be a comma-separated list of server ids, got {raw!r}") from exc


def _count(raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise SettingsError(f"SHARD_COUNT must be a positive whole number, got {raw!r}")
    return int(raw)


@dataclass(frozen=True)
class Settings:
    discord_token: str | None = field(default=None, repr=False)  # never printed
    database_url: str = DEFAULT_DATABASE_URL
    data_dir: Path = DEFAULT_DATA_DIR
    log_level: str = "INFO"
    # Servers the community owns: moderator edits are accepted only there (empty: any server).
    home_guild_ids: frozenset[int] = frozenset()
    # Sharding: total shards, and which of them this process runs (for several processes).
    shard_count: int | None = None
    shard_ids: tuple[int, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        token = (env.get("DISCORD_TOKEN") or "").strip() or None
        level = (env.get("LOG_LEVEL") or "INFO").strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise SettingsError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {level!r}")
        return cls(
            discord_token=token,
            database_url=(env.get("DATABASE_URL") or "").strip() or cls.database_url,
            data_dir=Path(env["ALMANAC_DATA_DIR"]) if env.get("ALMANAC_DATA_DIR") else DEFAULT_DATA_DIR,
            log_level=level,
            home_guild_ids=_ids(env.get("HOME_GUILD_IDS", ""), "HOME_GUILD_IDS"),
            shard_count=_count(env.get("SHARD_COUNT", "")),
            shard_ids=tuple(sorted(_ids(env.get("SHARD_IDS", ""), "SHARD_IDS"))),
        )
