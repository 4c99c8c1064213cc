#!/usr/bin/env bash
# Lint and type-check: ruff (rules and formatting) and mypy, as configured in pyproject.toml.
# Runs in its own environment (./.venv-lint: the locked runtime dependencies plus the lint group).
# `scripts/lint.sh --fix` lets ruff fix what it safely can and format the code first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
almanac_env lint

if [ "${1:-}" = "--fix" ]; then
  ruff check --fix .
  ruff format .
fi
status=0
echo "== ruff check ==" && ruff check . || status=1
echo "== ruff format --check ==" && ruff format --check . || status=1
echo "== mypy ==" && mypy || status=1
exit $status
