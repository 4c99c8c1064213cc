#!/usr/bin/env bash
# Run the test suite (extra arguments go to pytest, e.g. ./test.sh -k names).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
exec python -m pytest "$@"
