"""pin-digest speed: resolve 100 distinct references against a local registry.

Starts Debian's docker-registry on 127.0.0.1, pushes 100 small images (one
tag each), then prints:
- cold cache: wall time and HTTP requests to pin a Dockerfile with 100 FROM
  lines (goal: under 1 s);
- `skopeo inspect` run once per reference, and the ratio;
- warm cache: wall time and requests (goal: zero requests).

    python bench/pin_speed.py [--refs 100] [--no-skopeo]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--refs", type=int, default=100)
    ap.add_argument("--runs", type=int, default=5, help="cold runs (the median is reported)")
    ap.add_argument("--no-skopeo", action="store_true")
    a = ap.parse_args()

    from registry_fixture import BINARY, push_image, start_registry

    if not os.path.exists(BINARY):
        print("docker-registry is not installed (apt-get install docker-registry)")
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="dockfix-pin-bench-"))
    os.environ["DOCKFIX_CACHE_DIR"] = str(tmp / "cache")
    reg = start_registry(tmp / "registry")
    try:
        t0 = time.perf_counter()
        refs = []
        for i in range(a.refs):
            repo = f"bench/img{i % 10}"
            push_image(reg, repo, f"v{i}", salt=str(i))
            refs.append(f"{reg.host}/{repo}:v{i}")
        print(f"pushed {a.refs} images in {time.perf_counter() - t0:.2f} s")

        from dockfix.fixing.config import Settings
        from dockfix.fixing.engine import fix_text
        from dockfix.oci.client import Resolver

        src = "".join(f"FROM {r} AS s{i}\n" for i, r in enumerate(refs))
        settings = Settings(select=("pin-digest",))

        def pin_run():
            shared: dict = {}
            t = time.perf_counter()
            res = fix_text(src, "Dockerfile", settings, shared=shared)
            dt = time.perf_counter() - t
            resolver = next(v for v in shared.values() if isinstance(v, Resolver))
            assert not res.errors, res.errors
            return dt, resolver.requests, len(res.applied)

        import statistics

        colds = []
        for i in range(a.runs):
            os.environ["DOCKFIX_CACHE_DIR"] = str(tmp / f"cache{i}")  # a fresh, empty cache each time
            cold, cold_req, pinned = pin_run()
            colds.append(cold)
        cold = statistics.median(colds)
        print(f"cold cache: {pinned} references pinned, median {cold:.3f} s of {a.runs} runs "
              f"(min {min(colds):.3f} s, max {max(colds):.3f} s), {cold_req} HTTP requests per run "
              f"({'meets' if cold < 1 else 'MISSES'} the 1 s goal)")
        warm, warm_req, pinned2 = pin_run()
        print(f"warm cache: {pinned2} references pinned in {warm:.3f} s, {warm_req} HTTP requests")

        if not a.no_skopeo and shutil.which("skopeo"):
            t = time.perf_counter()
            for r in refs:
                p = subprocess.run(["skopeo", "inspect", "--tls-verify=false", f"docker://{r}"],
                                   capture_output=True)
                if p.returncode != 0:
                    print(f"skopeo failed on {r}: {p.stderr.decode()[:200]}")
                    return 1
            sk = time.perf_counter() - t
            print(f"skopeo inspect once per reference: {sk:.3f} s ({sk / cold:.1f}x the cold dockfix run)")
        else:
            print("skopeo: skipped")
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        reg.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
