#!/usr/bin/env bash
# The main job on the shipped examples: create a virtual environment, install
# dockfix, and show the fixes it proposes as a unified diff (nothing written).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
set +e
.venv/bin/dockfix --diff examples/ "$@"
rc=$?
set -e
# exit 1 means "there are fixes to show": that is the point of the demo
[ "$rc" -le 1 ] || exit "$rc"
