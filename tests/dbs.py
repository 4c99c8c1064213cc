"""Test databases: SQLite files by default; with ALMANAC_TEST_DATABASE_URL (a PostgreSQL URL the
tests may create databases with), every test gets its own PostgreSQL database instead."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from db.store import Store

BASE_URL = os.environ.get("ALMANAC_TEST_DATABASE_URL", "").strip() or None
ON_POSTGRES = BASE_URL is not None
sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="exercises SQLite itself (files, PRAGMAs, backup API)")


class Databases:
    def __init__(self) -> None:
        self._created: list[str] = []
        self._admin = create_engine(BASE_URL, isolation_level="AUTOCOMMIT") if ON_POSTGRES else None

    def _create(self, template: str | None = None) -> str:
        name = f"almanac_t_{uuid.uuid4().hex[:12]}"
        clause = f' TEMPLATE "{template}"' if template else ""
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        self._created.append(name)
        return make_url(BASE_URL).set(database=name).render_as_string(hide_password=False)

    def new(self, folder: Path, name: str = "almanac") -> str:
        """A fresh, empty database."""
        if ON_POSTGRES:
            return self._create()
        return f"sqlite:///{folder / f'{name}.db'}"

    def seeded(self, folder: Path, data_dir: Path) -> str:
        """A database migrated and seeded from data/, to copy from."""
        url = self.new(folder, "template")
        Store.open(url, data_dir=data_dir).close()  # closes every connection: a template must be idle
        return url

    def copy(self, template_url: str, folder: Path, name: str = "almanac") -> str:
        if ON_POSTGRES:
            return self._create(template=make_url(template_url).database)
        target = folder / f"{name}.db"
        shutil.copy(make_url(template_url).database, target)
        return f"sqlite:///{target}"

    def close(self) -> None:
        if self._admin is None:
            return
        with self._admin.connect() as conn:
            for name in reversed(self._created):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._admin.dispose()
