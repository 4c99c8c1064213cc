#!/usr/bin/env bash
# Sourced by ./run.sh and ./test.sh: bring an environment in line with uv.lock, then put it first
# on PATH. `almanac_env run` is the production environment (runtime dependencies only, in ./.venv);
# `almanac_env test` adds the test tools in an environment of its own (./.venv-test), so they never
# reach production; `almanac_env lint` likewise for ruff and mypy (./.venv-lint). uv does nothing when the environment already matches the lock file.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

pick_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  echo "Almanac needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)." >&2
  return 1
}

# uv from PATH, else from the user's pip install, else installed that way now (it is on PyPI).
find_uv() {
  if command -v uv >/dev/null 2>&1; then command -v uv; return 0; fi
  local user_bin
  user_bin="$("$1" -m site --user-base)/bin"
  if [ -x "$user_bin/uv" ]; then echo "$user_bin/uv"; return 0; fi
  echo "uv not found; installing it for this user (python3 -m pip install --user uv) ..." >&2
  "$1" -m pip install --quiet --user uv >&2 ||
    "$1" -m pip install --quiet --user --break-system-packages uv >&2 || {
    echo "Could not install uv. Install it yourself (https://docs.astral.sh/uv/ or 'pipx install uv') and run again." >&2
    return 1
  }
  echo "$user_bin/uv"
}

# Trust the system's certificate store as pip does (uv's default is its own bundled roots), so a
# network behind a TLS-inspecting proxy with a locally installed CA works too.
if [ -z "${SSL_CERT_FILE:-}" ] && [ -z "${UV_NATIVE_TLS:-}" ]; then
  export UV_NATIVE_TLS=1
fi

almanac_env() {
  local kind="$1" python uv env
  python="$(pick_python)"
  uv="$(find_uv "$python")"
  local args=(sync --locked --python "$python" --no-default-groups)
  if [ "$kind" = test ]; then
    env="${ALMANAC_TEST_VENV:-$ROOT/.venv-test}"
    args+=(--group test)
  elif [ "$kind" = lint ]; then
    env="${ALMANAC_LINT_VENV:-$ROOT/.venv-lint}"
    args+=(--extra postgres --group lint)
  else
    env="${ALMANAC_VENV:-$ROOT/.venv}"
    args+=(--extra postgres)
  fi
  # The first sync downloads and installs everything: one line before, one after, not silence.
  local started=$SECONDS fresh=""
  if [ ! -x "$env/bin/python" ]; then
    fresh=1
    echo "Setting up ${env#"$ROOT"/} with uv (first run only) ..." >&2
  fi
  UV_PROJECT_ENVIRONMENT="$env" "$uv" "${args[@]}" --quiet --project "$ROOT" >&2 || {
    echo "uv could not set up $env (see above). If pyproject.toml changed, run 'uv lock' and commit uv.lock." >&2
    return 1
  }
  if [ -n "$fresh" ]; then
    echo "Ready in $((SECONDS - started)) s." >&2
  fi
  export PATH="$env/bin:$PATH" VIRTUAL_ENV="$env"
}
