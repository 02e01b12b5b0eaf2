"""Diagnostics latency of `dockfix server`, once warm: the time from a didChange notification to
the publishDiagnostics of that version, for a typical Dockerfile (targets: 50 ms) and a
2,000-line one (500 ms).  The server is the real process, over stdio (pygls's client).

    python bench/lsp_latency.py [--changes N] [--delay MS]

``--delay`` is the server's debounce (the ``lintDelay`` setting, default 15 ms), part of the figure.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as T
from pygls.lsp.client import LanguageClient

TYPICAL = """\
# syntax=docker/dockerfile:1
FROM python:3.12-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y build-essential libpq-dev curl
WORKDIR /src
COPY requirements.txt .
RUN pip install --prefix=/install -r requirements.txt
COPY . /src
RUN cd /src && python -m build --wheel

FROM python:3.12-slim
MAINTAINER someone@example.com
RUN apt-get update && apt-get install -y libpq5 ca-certificates
RUN useradd -m app
COPY --from=build /install /usr/local
COPY --from=build /src/dist/*.whl /tmp/
RUN pip install /tmp/*.whl
ADD config.yaml /etc/app/config.yaml
ENV APP_HOME /srv/app
EXPOSE 8000
HEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1
CMD gunicorn app:wsgi -b 0.0.0.0:8000
"""


def large(lines: int = 2000) -> str:
    """Many stages of the typical file, each named apart: a 2,000-line Dockerfile."""
    body = TYPICAL.split("\n", 1)[1]
    parts = [TYPICAL.split("\n", 1)[0] + "\n"]
    i = 0
    while sum(p.count("\n") for p in parts) < lines:
        parts.append(body.replace("AS build", f"AS build{i}").replace("--from=build ", f"--from=build{i} ")
                     .replace("FROM python:3.12-slim\n", f"FROM python:3.12-slim AS final{i}\n"))
        i += 1
    return "".join(parts)


async def measure(text: str, changes: int, delay: int, where: Path) -> tuple[float, list[float], int]:
    client = LanguageClient("dockfix-bench", "1")
    got: dict[int, float] = {}
    counts: dict[int, int] = {}
    arrived = asyncio.Event()

    @client.feature(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(ls: LanguageClient, params: T.PublishDiagnosticsParams) -> None:
        got[params.version or 0] = time.perf_counter()
        counts[params.version or 0] = len(params.diagnostics)
        arrived.set()

    await client.start_io(sys.executable, "-m", "dockfix", "server")
    await client.initialize_async(T.InitializeParams(capabilities=T.ClientCapabilities(),
                                                     initialization_options={"lintDelay": delay}))
    client.initialized(T.InitializedParams())
    path = where / "Dockerfile"
    uri = path.as_uri()

    async def wait(version: int) -> float:
        while version not in got:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), 120)
        return got[version]

    t0 = time.perf_counter()
    client.text_document_did_open(T.DidOpenTextDocumentParams(T.TextDocumentItem(uri, "dockerfile", 1, text)))
    first = await wait(1) - t0
    lat = []
    for v in range(2, changes + 2):
        new = text.replace("libpq5", f"libpq5 pkg{v}", 1)  # a real edit: the RUN's findings change
        t = time.perf_counter()
        client.text_document_did_change(T.DidChangeTextDocumentParams(
            T.VersionedTextDocumentIdentifier(v, uri), [T.TextDocumentContentChangeWholeDocument(new)]))
        lat.append((await wait(v)) - t)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return first, lat, counts.get(changes + 1, 0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--changes", type=int, default=20)
    ap.add_argument("--delay", type=int, default=15, help="the server's debounce in ms (lintDelay)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, text, n, target in (("typical", TYPICAL, a.changes, 50), ("2,000 lines", large(), max(3, a.changes // 4), 500)):
            first, lat, found = asyncio.run(measure(text, n, a.delay, Path(tmp)))
            ms = [x * 1000 for x in lat]
            print(f"{name:12} {text.count(chr(10)):5} lines {found:5} diagnostics | first (cold) {first * 1000:7.0f} ms | "
                  f"warm change: median {statistics.median(ms):6.0f} ms, max {max(ms):6.0f} ms over {n} "
                  f"(target {target} ms, debounce {a.delay} ms included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
