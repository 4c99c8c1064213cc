"""The dependency rule: domain code imports neither discord nor the database; db/ never imports discord."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "bot" / "domain").rglob("*.py")), ids=lambda p: p.name)
def test_domain_is_pure(path):
    assert not _imports(path) & {"discord", "sqlmodel", "sqlalchemy", "db", "cogs", "alembic"}


@pytest.mark.parametrize("path", sorted((ROOT / "db").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_db_does_not_import_discord(path):
    assert not _imports(path) & {"discord", "cogs"}
