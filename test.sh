#!/usr/bin/env bash
# Run the test suite (extra arguments go to pytest, e.g. ./test.sh -k names), in its own
# environment (./.venv-test: the locked runtime dependencies plus the test tools).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
almanac_env test
exec python -m pytest "$@"
