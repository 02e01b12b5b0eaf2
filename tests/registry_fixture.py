"""A real OCI registry for tests: Debian's ``docker-registry`` on 127.0.0.1.

``start_registry`` writes a config to a temporary folder and starts the
binary on a free port (optionally behind htpasswd auth); ``push_image`` and
``push_index`` upload small images through the registry HTTP API (blob
upload POST/PUT, manifest PUT).  ``FaultProxy`` is a tiny in-process HTTP
proxy in front of the registry that counts requests and can inject faults
(status codes with headers, delays) or demand an anonymous bearer token.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import shutil
import socket
import socketserver
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

BINARY = shutil.which("docker-registry") or "/usr/bin/docker-registry"

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_CONFIG_MT = "application/vnd.docker.container.image.v1+json"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass
class Registry:
    host: str  # 127.0.0.1:PORT
    root: Path
    proc: subprocess.Popen
    user: str | None = None
    password: str | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}"

    def client(self) -> httpx.Client:
        auth = (self.user, self.password) if self.user else None
        return httpx.Client(base_url=self.url, auth=auth, timeout=10)

    @property
    def http(self) -> httpx.Client:
        """One kept-alive client for pushes."""
        c = self.__dict__.get("_http")
        if c is None:
            c = self.__dict__["_http"] = self.client()
        return c

    def stop(self) -> None:
        c = self.__dict__.pop("_http", None)
        if c is not None:
            c.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def start_registry(root: Path, user: str | None = None, password: str | None = None) -> Registry:
    """Start docker-registry on 127.0.0.1:<free port>, storage under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    auth = ""
    if user:
        import bcrypt

        line = f"{user}:{bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=5)).decode()}\n"
        (root / "htpasswd").write_text(line)
        auth = f"auth:\n  htpasswd:\n    realm: dockfix-test\n    path: {root / 'htpasswd'}\n"
    cfg = (
        "version: 0.1\n"
        "log:\n  level: error\n  accesslog:\n    disabled: true\n"
        f"storage:\n  filesystem:\n    rootdirectory: {root / 'data'}\n  delete:\n    enabled: true\n  cache:\n    blobdescriptor: inmemory\n"
        f"http:\n  addr: 127.0.0.1:{port}\n"
        + auth
    )
    (root / "config.yml").write_text(cfg)
    log = open(root / "registry.log", "wb")
    proc = subprocess.Popen([BINARY, "serve", str(root / "config.yml")], stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    reg = Registry(f"127.0.0.1:{port}", root, proc, user, password)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"docker-registry exited: {(root / 'registry.log').read_text()[-2000:]}")
        try:
            r = httpx.get(reg.url + "/v2/", timeout=1)
            if r.status_code in (200, 401):
                return reg
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    reg.stop()
    raise RuntimeError("docker-registry did not start in 15 s")


def push_blob(c: httpx.Client, repo: str, data: bytes) -> str:
    digest = sha(data)
    if c.head(f"/v2/{repo}/blobs/{digest}").status_code == 200:
        return digest
    r = c.post(f"/v2/{repo}/blobs/uploads/")
    assert r.status_code == 202, (r.status_code, r.text)
    loc = r.headers["location"]
    sep = "&" if "?" in loc else "?"
    r = c.put(f"{loc}{sep}digest={digest}", content=data, headers={"Content-Type": "application/octet-stream"})
    assert r.status_code == 201, (r.status_code, r.text)
    return digest


def push_manifest(c: httpx.Client, repo: str, ref: str, body: bytes, media_type: str) -> str:
    r = c.put(f"/v2/{repo}/manifests/{ref}", content=body, headers={"Content-Type": media_type})
    assert r.status_code == 201, (r.status_code, r.text)
    digest = sha(body)
    assert r.headers.get("docker-content-digest") == digest
    return digest


def push_image(reg: Registry, repo: str, tag: str | None, os_: str = "linux", arch: str = "amd64",
               variant: str | None = None, salt: str = "", docker: bool = False) -> tuple[str, int, str]:
    """A single-manifest image; returns (digest, size, media type)."""
    c = reg.http
    layer = f"layer {repo} {os_}/{arch} {salt}".encode()
    config = {"architecture": arch, "os": os_, "rootfs": {"type": "layers", "diff_ids": [sha(layer)]},
              "config": {}, "created": "2024-01-01T00:00:00Z", "comment": salt}
    if variant:
        config["variant"] = variant
    cfg = json.dumps(config, sort_keys=True).encode()
    push_blob(c, repo, layer)
    push_blob(c, repo, cfg)
    mt = DOCKER_MANIFEST if docker else OCI_MANIFEST
    man = {
        "schemaVersion": 2,
        "mediaType": mt,
        "config": {"mediaType": DOCKER_CONFIG_MT if docker else OCI_CONFIG, "digest": sha(cfg), "size": len(cfg)},
        "layers": [{"mediaType": DOCKER_LAYER if docker else OCI_LAYER, "digest": sha(layer), "size": len(layer)}],
    }
    body = json.dumps(man, indent=2).encode()
    digest = push_manifest(c, repo, tag or sha(body), body, mt)
    return digest, len(body), mt


def push_index(reg: Registry, repo: str, tag: str, platforms=("linux/amd64", "linux/arm64"), salt: str = "",
               docker: bool = False) -> tuple[str, dict[str, str]]:
    """A multi-platform index; returns (index digest, {platform: manifest digest})."""
    children = []
    per: dict[str, str] = {}
    for p in platforms:
        parts = p.split("/")
        os_, arch, variant = parts[0], parts[1], (parts[2] if len(parts) > 2 else None)
        d, size, mt = push_image(reg, repo, None, os_, arch, variant, salt, docker)
        plat = {"architecture": arch, "os": os_}
        if variant:
            plat["variant"] = variant
        children.append({"mediaType": mt, "digest": d, "size": size, "platform": plat})
        per[p] = d
    mt = DOCKER_LIST if docker else OCI_INDEX
    index = {"schemaVersion": 2, "mediaType": mt, "manifests": children}
    c = reg.http
    return push_manifest(c, repo, tag, json.dumps(index, indent=2).encode(), mt), per


# -- a proxy that counts requests and injects faults -------------------------------------------

@dataclass
class Fault:
    status: int = 500
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeouts)
    path_contains: str = ""  # only requests whose path contains this
    times: int = 1  # how many requests it answers (then the request goes through)


class FaultProxy:
    """HTTP proxy on 127.0.0.1 in front of ``upstream`` (host:port).

    ``faults`` are consumed in order by matching requests; ``requests`` logs
    (method, path, headers) of everything received; ``bearer=True`` makes it
    demand an anonymous bearer token (served at /token) like Docker Hub.
    """

    def __init__(self, upstream: str, bearer: bool = False):
        self.upstream = upstream
        self.faults: list[Fault] = []
        self.requests: list[tuple[str, str, dict]] = []
        self.times: list[float] = []  # time.monotonic() of each request
        self.bearer = bearer
        self.token = "tok-" + os.urandom(6).hex()
        self.lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):  # quiet
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with proxy.lock:
                    proxy.requests.append((self.command, self.path, dict(self.headers)))
                    proxy.times.append(time.monotonic())
                    fault = None
                    for f in proxy.faults:
                        if f.times > 0 and f.path_contains in self.path:
                            f.times -= 1
                            fault = f
                            break
                if fault is not None:
                    if fault.delay:
                        time.sleep(fault.delay)
                    self._send(fault.status, fault.headers, b'{"errors":[{"code":"INJECTED"}]}')
                    return
                if proxy.bearer:
                    if self.path.startswith("/token"):
                        self._send(200, {"Content-Type": "application/json"},
                                   json.dumps({"token": proxy.token, "expires_in": 300}).encode())
                        return
                    if self.headers.get("Authorization") != f"Bearer {proxy.token}":
                        realm = f"http://127.0.0.1:{proxy.port}/token"
                        self._send(401, {"WWW-Authenticate": f'Bearer realm="{realm}",service="test-registry",scope="repository:x:pull"',
                                         "Content-Type": "application/json"},
                                   b'{"errors":[{"code":"UNAUTHORIZED"}]}')
                        return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "authorization", "connection")}
                try:
                    r = httpx.request(self.command, f"http://{proxy.upstream}{self.path}", headers=headers,
                                      content=body, timeout=10)
                except httpx.HTTPError as e:
                    self._send(502, {}, str(e).encode())
                    return
                out = {k: v for k, v in r.headers.items()
                       if k.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding")}
                self._send(r.status_code, out, r.content, head_length=r.headers.get("content-length"))

            def _send(self, status, headers, body, head_length=None):
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if self.command == "HEAD":
                        self.send_header("Content-Length", head_length or "0")
                        self.end_headers()
                    else:
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_HEAD = do_PUT = do_POST = do_PATCH = do_DELETE = _handle

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def reset(self) -> None:
        with self.lock:
            self.faults.clear()
            self.requests.clear()
            self.times.clear()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# -- fixtures shared by the registry tests (import them into a test module to use them) ----------

@pytest.fixture(autouse=True)
def isolated_cache(tmp_path, monkeypatch):
    """An empty pin cache and no Docker config of the user's."""
    monkeypatch.setenv("DOCKFIX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "no-docker-config"))


@pytest.fixture(scope="module", name="registry")
def versioned_registry(tmp_path_factory):
    """A registry with lib/base at versions 0.9 .. 1.2.3 (latest = 1 = 1.2 = 1.2.3 = noble) and
    lib/nover with tags only (latest, stable)."""
    if not os.path.exists(BINARY):
        pytest.skip("Debian's docker-registry is not installed (apt-get install docker-registry)")
    reg = start_registry(tmp_path_factory.mktemp("registry"))
    same = {}
    for tag in ("latest", "1", "1.2", "1.2.3", "noble"):
        same[tag] = push_index(reg, "lib/base", tag, salt="current")[0]
    assert len(set(same.values())) == 1
    reg.current = same["latest"]
    reg.older = push_index(reg, "lib/base", "1.1.0", salt="older")[0]
    push_index(reg, "lib/base", "1.1", salt="older")
    push_index(reg, "lib/base", "0.9", salt="oldest")
    push_image(reg, "lib/nover", "latest", salt="x")
    push_image(reg, "lib/nover", "stable", salt="x")
    yield reg
    reg.stop()
