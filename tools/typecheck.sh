#!/usr/bin/env bash
# Type-check the whole package, transforms included, as it is installed:
# `transforms/` ships as `dockfix.transforms` (pyproject's package-dir), so
# mypy reads it through a folder of symlinks laid out like the installed
# package.  Extra arguments go to mypy.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
view=$(mktemp -d)
trap 'rm -rf "$view"' EXIT
mkdir "$view/dockfix"
for p in "$root"/dockfix/*; do
  ln -s "$p" "$view/dockfix/$(basename "$p")"
done
ln -s "$root/transforms" "$view/dockfix/transforms"
MYPY=${MYPY:-.venv/bin/mypy}
cd "$view"
"$root/$MYPY" --config-file "$root/pyproject.toml" --cache-dir "$root/.mypy_cache" "$@" -p dockfix
