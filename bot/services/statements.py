"""The statements members see, built once per data version from the stored claims."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.domain.dataset import load_roles
from bot.domain.roles import RoleVocabulary
from bot.domain.statements import Statements
from bot.settings import DEFAULT_DATA_DIR
from db import queries
from db.store import Store

log = logging.getLogger(__name__)


def dataset_dir(store: Store) -> Path:
    """The dataset the store was seeded from (the shipped one otherwise)."""
    return store.data_dir or DEFAULT_DATA_DIR


def vocabulary(store: Store) -> RoleVocabulary:
    """The role vocabulary of that dataset (it lives in data/roles.yaml, not in the store)."""
    cached = store.roles
    if cached is None:
        cached = store.roles = load_roles(dataset_dir(store))
    return cached


def statements(store: Store) -> Statements:
    """Every shown statement, indexed; rebuilt when any fact changes (never per command)."""

    def build() -> Statements:
        with store.session() as session:
            claims = queries.shown_claims(session=session)
        return Statements.build(claims, vocabulary(store))

    return store.memo(("statements",), build, once=True)
