#!/usr/bin/env bash
# Make ./.venv (Python 3.11+) with Almanac and its test tools installed; reinstall when
# pyproject.toml changes. Sourced by ./run.sh and ./test.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ALMANAC_VENV:-$ROOT/.venv}"

pick_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Almanac needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)." >&2
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  echo "Setting up $VENV ..." >&2
  "$(pick_python)" -m venv "$VENV"
fi
stamp="$VENV/.almanac-installed"
want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing dependencies ..." >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[test]" >&2
  echo "$want" > "$stamp"
fi
export PATH="$VENV/bin:$PATH"
