"""Typed settings, built once from the environment and passed to whatever needs them.

pydantic-settings reads and validates the variables. Building `Settings(...)` directly (as tests
do) never reads the environment; `Settings.from_env()` does, or reads a mapping given to it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, EnvSettingsSource, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# A source checkout has pyproject.toml beside bot/; an installed package (pip, uv tool, the
# container image) has neither it nor data/ there, and carries the dataset as bot/_data instead.
IN_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "data").is_dir()
PACKAGED_DATA_DIR = Path(__file__).resolve().parent / "_data"
DEFAULT_DATA_DIR = PROJECT_ROOT / "data" if IN_CHECKOUT else PACKAGED_DATA_DIR


def _state_dir() -> Path:
    """Where the database and saved charts live by default: ./var in a checkout (as documented),
    else the user's state folder (XDG), since site-packages is no place to write."""
    if IN_CHECKOUT:
        return PROJECT_ROOT / "var"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "almanac"


STATE_DIR = _state_dir()
DEFAULT_DB_PATH = STATE_DIR / "almanac.db"
DEFAULT_DATABASE_URL = f"sqlite:///{DEFAULT_DB_PATH}"
# The offline console and `call` keep to their own database unless told otherwise.
OFFLINE_DATABASE_URL = f"sqlite:///{DEFAULT_DB_PATH.with_name('almanac-offline.db')}"
DEFAULT_ARTICLES_DIR = PROJECT_ROOT.parent / "shared" / "articles"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message says which and why."""


def _ids(raw: str, name: str) -> frozenset[int]:
    try:
        return frozenset(int(part) for part in raw.replace(",", " ").split())
    except ValueError as exc:
        raise SettingsError(f"{name} must be a comma-separated list of server ids, got {raw!r}") from exc


class _MappingSource(EnvSettingsSource):
    """The environment source, reading a given mapping instead of os.environ."""

    def __init__(self, settings_cls: type[BaseSettings], env: Mapping[str, str]) -> None:
        self._env = env
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return dict(self._env)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, case_sensitive=True, extra="ignore", populate_by_name=True)

    discord_token: str | None = Field(default=None, repr=False, validation_alias="DISCORD_TOKEN")  # never printed
    database_url: str = Field(default=DEFAULT_DATABASE_URL, validation_alias="DATABASE_URL")
    data_dir: Path = Field(default=DEFAULT_DATA_DIR, validation_alias="ALMANAC_DATA_DIR")
    log_level: str = Field(default="INFO", validation_alias="LOG_LEVEL")
    # Servers the community owns: moderator edits are accepted only there (empty: any server).
    home_guild_ids: Annotated[frozenset[int], NoDecode] = Field(default=frozenset(), validation_alias="HOME_GUILD_IDS")
    # Sharding: total shards, and which of them this process runs (for several processes).
    shard_count: int | None = Field(default=None, validation_alias="SHARD_COUNT")
    shard_ids: Annotated[tuple[int, ...], NoDecode] = Field(default=(), validation_alias="SHARD_IDS")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Only what the constructor is given: from_env() hands it the environment's values.
        return (init_settings,)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        source = _MappingSource(cls, os.environ if env is None else env)
        try:
            return cls(**source())
        except ValidationError as exc:
            error = exc.errors()[0]
            raise SettingsError(str(error.get("ctx", {}).get("error") or error["msg"])) from None

    @field_validator("discord_token", mode="before")
    @classmethod
    def _token(cls, value: Any) -> Any:
        return (value.strip() or None) if isinstance(value, str) else value

    @field_validator("database_url", mode="before")
    @classmethod
    def _url(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return f"sqlite:///{DEFAULT_DB_PATH}"
        return value.strip() if isinstance(value, str) else value

    @field_validator("data_dir", mode="before")
    @classmethod
    def _data_dir(cls, value: Any) -> Any:
        return DEFAULT_DATA_DIR if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        level = (str(value or "").strip() or "INFO").upper()
        if level not in LOG_LEVELS:
            raise SettingsError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {level!r}")
        return level

    @field_validator("home_guild_ids", mode="before")
    @classmethod
    def _home(cls, value: Any) -> Any:
        return _ids(value, "HOME_GUILD_IDS") if isinstance(value, str) else value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_ids(cls, value: Any) -> Any:
        return tuple(sorted(_ids(value, "SHARD_IDS"))) if isinstance(value, str) else value

    @field_validator("shard_count", mode="before")
    @classmethod
    def _count(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        raw = value.strip()
        if not raw:
            return None
        if not raw.isdigit() or int(raw) < 1:
            raise SettingsError(f"SHARD_COUNT must be a positive whole number, got {raw!r}")
        return int(raw)
