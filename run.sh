#!/usr/bin/env bash
# Run Almanac: `./run.sh` starts the bot (or explains the offline console when there is no
# DISCORD_TOKEN); `./run.sh console`, `./run.sh call who person=Ilya`, `./run.sh data check` ...
# The environment (./.venv) holds the runtime dependencies from uv.lock and nothing else.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
almanac_env run
exec python -m bot "$@"
