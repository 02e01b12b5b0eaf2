"""A small OCI distribution client: resolve image tags to manifest digests.

- ``HEAD /v2/<name>/manifests/<tag>`` with the Accept list for OCI index /
  manifest and Docker manifest list / v2 (cheap under rate limits); GET when
  the body is needed or the registry gives no ``Docker-Content-Digest``.
- Authentication: anonymous or credentialed bearer tokens (``WWW-Authenticate:
  Bearer realm=..,service=..``), basic auth; credentials from the Docker
  config (``DOCKER_CONFIG`` or ``~/.docker/config.json``: ``auths``,
  ``credsStore``, ``credHelpers`` through ``docker-credential-*``).  They are
  never logged, printed or put into error messages.
- Retries with backoff on 429 and 5xx, honouring ``Retry-After``; timeouts.
- One ``httpx.Client`` (one connection pool) per registry; many references
  are resolved concurrently with a thread pool.
- HTTPS with verification; plain HTTP only for loopback hosts and
  ``--insecure-registry`` hosts (tried after HTTPS fails, as Docker does).
- ``PinCache``: a JSON file under the user cache dir keyed by reference,
  with a TTL (``DOCKFIX_CACHE_DIR`` overrides the folder).

httpx is imported lazily so that runs without pinning never pay for it.
"""

from __future__ import annotations

import base64
import email.utils
import functools
import hashlib
import json
import os
import re
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from dockfix.oci.reference import DOCKER_HUB, DOCKER_HUB_API, ImageRef, host_only, is_loopback

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
INDEX_TYPES = (OCI_INDEX, DOCKER_LIST)
MANIFEST_TYPES = (OCI_MANIFEST, DOCKER_MANIFEST)
ACCEPT = ", ".join((OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST))
USER_AGENT = "dockfix-pin"
_DIGEST_RE = re.compile(r"^sha256:[a-f0-9]{64}$")
_CHALLENGE_RE = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|([^\s,]+))')


class ResolveError(Exception):
    """Why one reference could not be resolved (safe to print)."""


@dataclass
class Manifest:
    digest: str
    media_type: str
    # for an index: (platform "os/arch[/variant]", digest) of each child
    children: list[tuple[str, str]] | None = None
    # for a single manifest fetched with its body: where its config blob is (not cached)
    config: str | None = field(default=None, repr=False)
    source: tuple[str, str] | None = field(default=None, repr=False)  # (API host, repository)

    @property
    def is_index(self) -> bool:
        return self.media_type in INDEX_TYPES

    def serves(self, digest: str | None) -> bool:
        """``digest`` is this manifest's or one of its platforms' (an index's children)."""
        return digest == self.digest or any(d == digest for _, d in self.children or [])

    def to_json(self) -> dict:
        d: dict[str, object] = {"digest": self.digest, "media_type": self.media_type}
        if self.children is not None:
            d["children"] = [list(c) for c in self.children]
        return d

    @classmethod
    def from_json(cls, d: dict) -> "Manifest":
        ch = d.get("children")
        return cls(d["digest"], d["media_type"], [tuple(c) for c in ch] if ch is not None else None)


# -- platforms ---------------------------------------------------------------------------------

def normalize_platform(p: str) -> str | None:
    """``linux/arm64/v8`` -> ``linux/arm64``; ``linux/x86_64`` -> ``linux/amd64``; None if malformed."""
    parts = [x for x in p.strip().lower().split("/")]
    if len(parts) not in (2, 3) or not all(parts):
        return None
    os_, arch = parts[0], parts[1]
    variant = parts[2] if len(parts) == 3 else None
    arch = {"x86_64": "amd64", "x86-64": "amd64", "aarch64": "arm64", "armhf": "arm", "armel": "arm"}.get(arch, arch)
    if arch == "arm64" and variant == "v8":
        variant = None
    if arch == "amd64" and variant == "v1":
        variant = None
    return f"{os_}/{arch}" + (f"/{variant}" if variant else "")


def _platform_of(d: dict) -> str | None:
    if not isinstance(d, dict) or not d.get("os") or not d.get("architecture"):
        return None
    p = f"{d['os']}/{d['architecture']}" + (f"/{d['variant']}" if d.get("variant") else "")
    return normalize_platform(p)


# -- credentials -------------------------------------------------------------------------------

def _config_dir() -> str:
    return os.environ.get("DOCKER_CONFIG") or os.path.join(os.path.expanduser("~"), ".docker")


def _host_of_key(key: str) -> str:
    k = key.strip()
    if "://" in k:
        k = k.split("://", 1)[1]
    return k.split("/", 1)[0].lower()


def _hub_aliases(host: str) -> set[str]:
    if host in (DOCKER_HUB, DOCKER_HUB_API, "index.docker.io"):
        return {DOCKER_HUB, DOCKER_HUB_API, "index.docker.io"}
    return {host}


class Credentials:
    """Looks up (user, secret) for a registry host from the Docker config."""

    def __init__(self, config_dir: str | None = None, helper_timeout: float = 10.0):
        self.config_dir = config_dir or _config_dir()
        self.helper_timeout = helper_timeout
        self._config: dict | None = None
        self._cache: dict[str, tuple[str, str] | None] = {}
        self._lock = threading.Lock()

    def _load(self) -> dict:
        if self._config is None:
            try:
                with open(os.path.join(self.config_dir, "config.json"), encoding="utf-8") as f:
                    data = json.load(f)
                self._config = data if isinstance(data, dict) else {}
            except (OSError, ValueError):
                self._config = {}
        return self._config

    def get(self, host: str) -> tuple[str, str] | None:
        host = host.lower()
        with self._lock:
            if host not in self._cache:
                self._cache[host] = self._lookup(host)
            return self._cache[host]

    def _lookup(self, host: str) -> tuple[str, str] | None:
        cfg = self._load()
        names = _hub_aliases(host)
        server = "https://index.docker.io/v1/" if DOCKER_HUB in names else host
        helpers = cfg.get("credHelpers")
        if not isinstance(helpers, dict):
            helpers = {}
        for k, helper in helpers.items():
            if _host_of_key(k) in names and isinstance(helper, str):
                return self._helper(helper, server if DOCKER_HUB in names else k)
        auths = cfg.get("auths")
        if not isinstance(auths, dict):
            auths = {}
        for k, entry in auths.items():
            if _host_of_key(k) in names and isinstance(entry, dict):
                got = self._from_entry(entry)
                if got:
                    return got
        store = cfg.get("credsStore")
        if isinstance(store, str) and store:
            return self._helper(store, server)
        return None

    @staticmethod
    def _from_entry(entry: dict) -> tuple[str, str] | None:
        if entry.get("auth"):
            try:
                raw = base64.b64decode(entry["auth"]).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                return None
            if ":" in raw:
                user, secret = raw.split(":", 1)
                return user, secret
            return None
        if entry.get("username") and entry.get("password"):
            return str(entry["username"]), str(entry["password"])
        return None

    def _helper(self, helper: str, server: str) -> tuple[str, str] | None:
        if not re.match(r"^[A-Za-z0-9_.-]+$", helper):
            return None
        try:
            p = subprocess.run([f"docker-credential-{helper}", "get"], input=server.encode(), capture_output=True,
                               timeout=self.helper_timeout)
        except (OSError, subprocess.TimeoutExpired):
            return None
        if p.returncode != 0:
            return None
        try:
            d = json.loads(p.stdout)
        except ValueError:
            return None
        user, secret = d.get("Username"), d.get("Secret")
        if not isinstance(user, str) or not isinstance(secret, str) or not secret or user == "<token>":
            return None  # identity tokens need an OAuth exchange this client does not do
        return user, secret


# -- disk cache --------------------------------------------------------------------------------

def default_cache_dir() -> str:
    env = os.environ.get("DOCKFIX_CACHE_DIR")
    if env:
        return env
    import platformdirs

    return platformdirs.user_cache_dir("dockfix")


class PinCache:
    """``{key: {"digest", "media_type", "time"}}`` in one JSON file, with a TTL."""

    def __init__(self, directory: str | None = None, ttl: float = 6 * 3600):
        self.directory = directory or default_cache_dir()
        self.path = os.path.join(self.directory, "pins.json")
        self.ttl = ttl
        self._data: dict | None = None
        self._dirty = False
        self._lock = threading.Lock()

    def _load(self) -> dict:
        if self._data is None:
            try:
                with open(self.path, encoding="utf-8") as f:
                    d = json.load(f)
                self._data = d if isinstance(d, dict) and d.get("version") == 1 else {"version": 1, "entries": {}}
            except (OSError, ValueError):
                self._data = {"version": 1, "entries": {}}
            if not isinstance(self._data.get("entries"), dict):
                self._data["entries"] = {}
        return self._data

    def get(self, key: str, allow_stale: bool = False) -> Manifest | None:
        with self._lock:
            e = self._load()["entries"].get(key)
        if not isinstance(e, dict):
            return None
        try:
            age = time.time() - float(e.get("time", 0))
            if not allow_stale and not (0 <= age <= self.ttl):
                return None
            m = Manifest.from_json(e)
        except (KeyError, TypeError, ValueError):
            return None
        return m if _DIGEST_RE.match(m.digest) else None

    def put(self, key: str, m: Manifest) -> None:
        with self._lock:
            d = m.to_json()
            d["time"] = time.time()
            self._load()["entries"][key] = d
            self._dirty = True

    def save(self) -> None:
        """Merge with what other processes wrote and replace the file atomically."""
        with self._lock:
            if not self._dirty or self._data is None:
                return
            try:
                os.makedirs(self.directory, exist_ok=True)
                try:
                    with open(self.path, encoding="utf-8") as f:
                        on_disk = json.load(f)
                    entries = on_disk.get("entries", {}) if isinstance(on_disk, dict) else {}
                    if not isinstance(entries, dict):
                        entries = {}
                except (OSError, ValueError):
                    entries = {}
                entries.update(self._data["entries"])
                now = time.time()
                entries = {k: v for k, v in entries.items()
                           if isinstance(v, dict) and now - float(v.get("time", 0) or 0) < max(self.ttl, 86400) * 30}
                tmp = f"{self.path}.{os.getpid()}.{threading.get_ident()}.tmp"
                with open(tmp, "w", encoding="utf-8") as f:
                    json.dump({"version": 1, "entries": entries}, f, indent=0, sort_keys=True)
                os.replace(tmp, self.path)
                self._data["entries"] = entries
                self._dirty = False
            except OSError:
                pass  # a cache that cannot be written is only slower


# -- the client --------------------------------------------------------------------------------

def _parse_challenge(header: str) -> tuple[str, dict[str, str]]:
    scheme, _, rest = header.strip().partition(" ")
    params = {m.group(1).lower(): (m.group(2) if m.group(2) is not None else m.group(3))
              for m in _CHALLENGE_RE.finditer(rest)}
    return scheme.lower(), params


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    v = value.strip()
    if v.isdigit():
        return float(v)
    try:
        when = email.utils.parsedate_to_datetime(v)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


# hosts that could not be reached, remembered by the process for a minute (many files, one run)
_UNREACHABLE: dict[str, tuple[float, ResolveError]] = {}
UNREACHABLE_TTL = 60.0


@dataclass
class _Host:
    name: str  # host[:port] as in the reference (API host)
    base: str | None = None  # scheme://host once known
    client: Any = None  # httpx.Client, made on first use
    challenge: tuple[str, dict[str, str]] | None = None
    error: "ResolveError | None" = None  # the host could not be reached: do not try again this run
    lock: threading.Lock = field(default_factory=threading.Lock)
    tokens: dict[str, str] = field(default_factory=dict)  # scope -> Authorization value
    token_locks: dict[str, threading.Lock] = field(default_factory=dict)


class RegistryClient:
    """Resolve references; thread-safe; ``close()`` when done."""

    def __init__(self, *, insecure: Iterable[str] = (), timeout: float = 10.0, retries: int = 3,
                 max_retry_after: float = 60.0, backoff: float = 0.5, mirrors: Iterable[str] = (),
                 credentials: Credentials | None = None, max_workers: int = 8,
                 on_request: Callable[[str, str], None] | None = None):
        self.insecure = {h.lower() for h in insecure}
        self.timeout = timeout
        self.retries = retries
        self.max_retry_after = max_retry_after
        self.backoff = backoff
        self.mirrors = [m.rstrip("/").split("://", 1)[-1] for m in mirrors if m]
        self.credentials = credentials or Credentials()
        self.max_workers = max_workers
        self.on_request = on_request
        self.requests = 0  # HTTP requests sent (for tests and benchmarks)
        self._count_lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}
        self._token_client = None  # verified client for token services on other hosts
        self._lock = threading.Lock()

    # ---- plumbing ----
    def close(self) -> None:
        with self._lock:
            for h in self._hosts.values():
                if h.client is not None:
                    h.client.close()
            self._hosts.clear()
            if self._token_client is not None:
                self._token_client.close()
                self._token_client = None

    def _allows_http(self, host: str) -> bool:
        return is_loopback(host) or host.lower() in self.insecure or host_only(host).lower() in self.insecure

    def _host(self, name: str) -> _Host:
        with self._lock:
            h = self._hosts.get(name)
            if h is None:
                h = self._hosts[name] = _Host(name)
            return h

    def _count(self, method: str, url: str) -> None:
        with self._count_lock:
            self.requests += 1
        if self.on_request:
            self.on_request(method, url)

    def _send(self, client, method: str, url: str, headers: dict):
        import httpx

        self._count(method, url)
        try:
            return client.request(method, url, headers=headers)
        except httpx.TimeoutException:
            raise
        except httpx.HTTPError as e:
            detail = str(e).strip().splitlines()[0][:100] if str(e).strip() else type(e).__name__
            raise ResolveError(f"network error: {detail}") from None

    def _ensure(self, h: _Host) -> None:
        """Pick the scheme and learn the auth challenge with one ``GET /v2/``."""
        import httpx

        with h.lock:
            if h.base is not None:
                return
            if h.error is not None:
                raise h.error
            seen = _UNREACHABLE.get(h.name)
            if seen is not None and time.monotonic() - seen[0] < UNREACHABLE_TTL:
                h.error = seen[1]
                raise h.error
            schemes = ["https", "http"] if self._allows_http(h.name) else ["https"]
            last: Exception | None = None
            for scheme in schemes:
                verify = not self._allows_http(h.name)
                client = httpx.Client(timeout=self.timeout, verify=verify, follow_redirects=True,
                                      headers={"User-Agent": USER_AGENT},
                                      limits=httpx.Limits(max_connections=32, max_keepalive_connections=32))
                try:
                    r = self._with_retries(lambda: self._send(client, "GET", f"{scheme}://{h.name}/v2/", {}))
                except ResolveError as e:
                    client.close()
                    last = e
                    continue
                h.base, h.client = f"{scheme}://{h.name}", client
                if r.status_code == 401 and r.headers.get("www-authenticate"):
                    h.challenge = _parse_challenge(r.headers["www-authenticate"])
                return
            h.error = last if isinstance(last, ResolveError) else ResolveError("cannot connect")
            _UNREACHABLE[h.name] = (time.monotonic(), h.error)
            raise h.error

    def _with_retries(self, fn):
        """Call ``fn`` (one request); retry 429/5xx and timeouts with backoff."""
        import httpx

        attempt = 0
        while True:
            try:
                r = fn()
            except httpx.TimeoutException:
                if attempt >= self.retries:
                    raise ResolveError(f"timed out after {self.timeout:g} s ({attempt + 1} tries)") from None
                time.sleep(min(self.backoff * (2 ** attempt), 10))
                attempt += 1
                continue
            if r.status_code == 429 or 500 <= r.status_code <= 599:
                if attempt >= self.retries:
                    what = "too many requests" if r.status_code == 429 else "server error"
                    raise ResolveError(f"HTTP {r.status_code} {what} ({attempt + 1} tries)")
                wait = _retry_after(r.headers.get("retry-after"))
                if wait is None:
                    wait = min(self.backoff * (2 ** attempt), 10)
                if wait > self.max_retry_after:
                    raise ResolveError(f"HTTP {r.status_code}: Retry-After {wait:.0f} s is too long")
                time.sleep(wait)
                attempt += 1
                continue
            return r

    def _auth_header(self, h: _Host, scope: str, force: bool = False) -> dict:
        if h.challenge is None:
            return {}
        scheme, params = h.challenge
        creds = self.credentials.get(h.name)
        if scheme == "basic":
            if creds is None:
                return {}
            raw = base64.b64encode(f"{creds[0]}:{creds[1]}".encode()).decode()
            return {"Authorization": f"Basic {raw}"}
        if scheme != "bearer" or not params.get("realm"):
            return {}
        with self._lock:
            lock = h.token_locks.setdefault(scope, threading.Lock())
        with lock:
            if scope in h.tokens and not force:
                return {"Authorization": h.tokens[scope]}
            token = self._fetch_token(h, params, scope, creds)
            h.tokens[scope] = f"Bearer {token}"
            return {"Authorization": h.tokens[scope]}

    def _fetch_token(self, h: _Host, params: dict, scope: str, creds) -> str:
        import httpx

        realm = params["realm"]
        if not realm.startswith("https://") and not (realm.startswith("http://")
                                                      and self._allows_http(realm[7:].split("/", 1)[0])):
            raise ResolveError("token realm is not HTTPS")
        q = {"scope": scope}
        if params.get("service"):
            q["service"] = params["service"]
        auth = httpx.BasicAuth(creds[0], creds[1]) if creds else None
        r = self._with_retries(lambda: self._send_token(h, realm, q, auth))
        if r.status_code in (401, 403):
            raise ResolveError(f"HTTP {r.status_code}: the token service refused "
                               + ("the configured credentials" if creds else "anonymous access"))
        if r.status_code != 200:
            raise ResolveError(f"HTTP {r.status_code} from the token service")
        try:
            d = r.json()
            token = d.get("token") or d.get("access_token")
        except ValueError:
            token = None
        if not isinstance(token, str) or not token:
            raise ResolveError("malformed token response")
        return token

    def _send_token(self, h: _Host, realm: str, q: dict, auth):
        import httpx

        self._count("GET", realm)
        realm_host = realm.split("://", 1)[-1].split("/", 1)[0]
        client = h.client
        if self._allows_http(h.name) and not self._allows_http(realm_host):
            # a token service elsewhere is always verified, whatever the registry's own setting
            client = self._verified_client()
        try:
            return client.get(realm, params=q, auth=auth)
        except httpx.TimeoutException:
            raise
        except httpx.HTTPError as e:
            raise ResolveError(f"network error (token service): {type(e).__name__}") from None

    def _verified_client(self):
        import httpx

        with self._lock:
            if self._token_client is None:
                self._token_client = httpx.Client(timeout=self.timeout, verify=True, follow_redirects=True,
                                                  headers={"User-Agent": USER_AGENT})
            return self._token_client

    def _manifest_request(self, host: str, path: str, reference: str, method: str):
        h = self._host(host)
        self._ensure(h)
        scope = f"repository:{path}:pull"
        url = f"{h.base}/v2/{path}/manifests/{reference}"
        headers = {"Accept": ACCEPT, **self._auth_header(h, scope)}
        r = self._with_retries(lambda: self._send(h.client, method, url, headers))
        if r.status_code == 401:
            ch = r.headers.get("www-authenticate")
            if ch:
                h.challenge = _parse_challenge(ch)
                headers = {"Accept": ACCEPT, **self._auth_header(h, scope, force=True)}
                if "Authorization" in headers:
                    r = self._with_retries(lambda: self._send(h.client, method, url, headers))
        return r

    def _blob(self, host: str, path: str, digest: str) -> bytes:
        h = self._host(host)
        self._ensure(h)
        headers = self._auth_header(h, f"repository:{path}:pull")
        r = self._with_retries(lambda: self._send(h.client, "GET", f"{h.base}/v2/{path}/blobs/{digest}", headers))
        if r.status_code != 200:
            raise ResolveError(f"HTTP {r.status_code} fetching blob {digest[:19]}")
        if "sha256:" + hashlib.sha256(r.content).hexdigest() != digest:
            raise ResolveError("blob content does not match its digest")
        return r.content

    @staticmethod
    def _status_error(r, what: str, creds: bool) -> ResolveError:
        code = r.status_code
        if code == 404:
            return ResolveError(f"{what} not found (HTTP 404: unknown tag or repository)")
        if code == 401:
            return ResolveError("HTTP 401 unauthorized: " + ("the configured credentials were rejected" if creds
                                                               else "no credentials for this registry (docker login?)"))
        if code == 403:
            return ResolveError("HTTP 403 forbidden")
        return ResolveError(f"unexpected HTTP {code}")

    # ---- API ----
    def manifest(self, ref: ImageRef, reference: str | None = None, body: bool = False) -> Manifest:
        """The manifest that ``reference`` (default: the tag) names, as served."""
        reference = reference or ref.effective_tag
        hosts = [ref.api_host]
        if ref.domain == DOCKER_HUB and self.mirrors:
            hosts = self.mirrors + hosts
        last: ResolveError | None = None
        for host in hosts:
            try:
                return self._manifest_at(host, ref.path, reference, body)
            except ResolveError as e:
                last = e
        assert last is not None
        raise last

    def _manifest_at(self, host: str, path: str, reference: str, body: bool) -> Manifest:
        creds = self.credentials.get(host) is not None
        what = f"{path}:{reference}" if not reference.startswith("sha256:") else f"{path}@{reference[:19]}"
        if not body:
            r = self._manifest_request(host, path, reference, "HEAD")
            if r.status_code == 200:
                digest = r.headers.get("docker-content-digest", "")
                mt = r.headers.get("content-type", "").split(";")[0].strip()
                if _DIGEST_RE.match(digest) and mt in INDEX_TYPES + MANIFEST_TYPES:
                    return Manifest(digest, mt)
            elif r.status_code in (401, 403, 404):
                raise self._status_error(r, what, creds)
        r = self._manifest_request(host, path, reference, "GET")
        if r.status_code != 200:
            raise self._status_error(r, what, creds)
        content = r.content
        digest = "sha256:" + hashlib.sha256(content).hexdigest()
        header = r.headers.get("docker-content-digest")
        if header and header != digest:
            raise ResolveError("malformed manifest: content does not match Docker-Content-Digest")
        if reference.startswith("sha256:") and reference != digest:
            raise ResolveError("malformed manifest: content does not match the requested digest")
        try:
            doc = json.loads(content)
        except ValueError:
            raise ResolveError("malformed manifest: not JSON") from None
        if not isinstance(doc, dict) or doc.get("schemaVersion") != 2:
            raise ResolveError("malformed or schema 1 manifest (not pinnable)")
        mt = doc.get("mediaType") or r.headers.get("content-type", "").split(";")[0].strip()
        if mt not in INDEX_TYPES + MANIFEST_TYPES:
            if isinstance(doc.get("manifests"), list):
                mt = OCI_INDEX
            elif isinstance(doc.get("config"), dict):
                mt = OCI_MANIFEST
            else:
                raise ResolveError(f"malformed manifest: unknown media type {str(mt)[:60]!r}")
        children = None
        if mt in INDEX_TYPES:
            children = []
            for c in doc.get("manifests") or []:
                if isinstance(c, dict) and isinstance(c.get("digest"), str):
                    plat = _platform_of(c.get("platform") or {})
                    children.append((plat or "unknown/unknown", c["digest"]))
        m = Manifest(digest, mt, children)
        if mt in MANIFEST_TYPES:
            cfg = doc.get("config")
            if not isinstance(cfg, dict) or not isinstance(cfg.get("digest"), str):
                raise ResolveError("malformed manifest: no config")
            m.children = None
            m.config, m.source = cfg["digest"], (host, path)
        return m

    def platform_of(self, ref: ImageRef, digest: str) -> str | None:
        """The platform of a single-platform manifest (from its config blob); None for an index."""
        m = self.manifest(ref, digest, body=True)
        if m.is_index:
            return None
        if m.source is None or m.config is None:
            raise ResolveError("manifest without a config blob")
        cfg = json.loads(self._blob(m.source[0], m.source[1], m.config))
        p = _platform_of(cfg if isinstance(cfg, dict) else {})
        if p is None:
            raise ResolveError("image config has no os/architecture")
        return p

    def tags(self, ref: ImageRef, max_pages: int = 50, page_size: int = 1000) -> list[str]:
        """The repository's tags (``GET /v2/<name>/tags/list``, following ``Link: rel="next"``)."""
        host = ref.api_host  # not a mirror: pull-through caches list only what they have cached
        h = self._host(host)
        self._ensure(h)
        scope = f"repository:{ref.path}:pull"
        creds = self.credentials.get(host) is not None
        url = f"{h.base}/v2/{ref.path}/tags/list?n={page_size}"
        out: list[str] = []
        for _ in range(max_pages):
            headers = self._auth_header(h, scope)
            r = self._with_retries(lambda: self._send(h.client, "GET", url, headers))
            if r.status_code == 401 and r.headers.get("www-authenticate"):
                h.challenge = _parse_challenge(r.headers["www-authenticate"])
                headers = self._auth_header(h, scope, force=True)
                if "Authorization" in headers:
                    r = self._with_retries(lambda: self._send(h.client, "GET", url, headers))
            if r.status_code != 200:
                raise self._status_error(r, f"{ref.path} tag list", creds)
            try:
                d = r.json()
                tags = d.get("tags") or []
            except (ValueError, AttributeError):
                raise ResolveError("malformed tag list") from None
            out += [t for t in tags if isinstance(t, str)]
            m = re.search(r'<([^>]+)>\s*;\s*rel="?next"?', r.headers.get("link", ""))
            if not m:
                break
            nxt = m.group(1)
            url = nxt if "://" in nxt else f"{h.base}{nxt}"
        return out

    def run_all(self, jobs: list[Callable[[], Any]]) -> list[Any]:
        """Run jobs concurrently; each result is its return value or the ResolveError it raised."""
        def wrap(fn):
            try:
                return fn()
            except ResolveError as e:
                return e
            except Exception as e:  # noqa: BLE001 - one odd registry answer must not stop the run
                return ResolveError(f"unexpected error: {type(e).__name__}")

        if len(jobs) <= 1:
            return [wrap(j) for j in jobs]
        with ThreadPoolExecutor(max_workers=min(self.max_workers, len(jobs))) as ex:
            return list(ex.map(wrap, jobs))


def pick_platform(m: Manifest, platform: str) -> list[str]:
    """The digests of ``platform`` in an index (several: ambiguous, e.g. Windows OS versions)."""
    want = normalize_platform(platform)
    return [d for p, d in m.children or [] if p == want]


# -- cache + client, as the transform uses them -------------------------------------------------

from dockfix.fixing.config import option_bool as _truthy  # noqa: E402 - shared option parsing
from dockfix.fixing.config import option_list as _listy  # noqa: E402 - shared option parsing


def _number(v, default: float) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return default


class Resolver:
    """Tag lookups through the disk cache and the registry client, remembered for the run.

    Options (``--option KEY=VALUE`` or the config file): ``offline``,
    ``insecure-registries``, ``registry-mirrors`` (for docker.io),
    ``pin-ttl`` (seconds, default 6 h), ``pin-timeout`` (s), ``pin-retries``,
    ``pin-max-retry-after`` (s), ``pin-concurrency`` (parallel requests,
    default 8), ``pin-cache`` (false: no disk cache).
    """

    def __init__(self, options: dict, client: RegistryClient | None = None, cache: PinCache | None = None):
        self.offline = _truthy(options.get("offline", False))
        use_cache = _truthy(options.get("pin-cache", True))
        self.cache = cache if cache is not None else (PinCache(ttl=_number(options.get("pin-ttl"), 6 * 3600))
                                                      if use_cache else None)
        self._client = client
        self._options = options
        self.memory: dict[str, Manifest | ResolveError] = {}
        self.platforms: dict[str, str | None | ResolveError] = {}
        self._fresh_done: set[str] = set()  # keys looked up on the network this run (--refresh-pins)
        self._requests_before = 0

    @property
    def client(self) -> RegistryClient:
        if self._client is None:
            o = self._options
            self._client = RegistryClient(
                insecure=_listy(o.get("insecure-registries")),
                timeout=_number(o.get("pin-timeout"), 10.0),
                retries=int(_number(o.get("pin-retries"), 3)),
                max_retry_after=_number(o.get("pin-max-retry-after"), 60.0),
                mirrors=_listy(o.get("registry-mirrors")),
                max_workers=max(1, int(_number(o.get("pin-concurrency"), 8))),
            )
        return self._client

    @property
    def requests(self) -> int:
        return self._requests_before + (self._client.requests if self._client is not None else 0)

    def release(self) -> None:
        """Close the connections (kept: what was resolved); a later lookup opens new ones."""
        if self._client is not None:
            self._requests_before += self._client.requests
            self._client.close()
            self._client = None

    def lookup(self, refs: list[ImageRef], fresh: Iterable[str] = ()) -> dict[str, Manifest | ResolveError]:
        """Resolve the tags of ``refs`` (concurrently); ``fresh`` keys skip the disk cache."""
        fresh = set(fresh)
        todo: dict[str, ImageRef] = {}
        for ref in refs:
            k = ref.key
            if k in todo or (k in self.memory and (k not in fresh or k in self._fresh_done or self.offline)):
                continue
            if self.cache is not None and (k not in fresh or self.offline):
                m = self.cache.get(k, allow_stale=self.offline)
                if m is not None and (k not in fresh or m.children is not None or not m.is_index):
                    self.memory[k] = m
                    continue
            if self.offline:
                self.memory[k] = ResolveError("not in the cache (--offline)")
                continue
            todo[k] = ref
        if todo:
            keys = list(todo)
            results = self.client.run_all([functools.partial(self.client.manifest, todo[k], body=k in fresh)
                                           for k in keys])
            for k, res in zip(keys, results):
                self.memory[k] = res
                if k in fresh:
                    self._fresh_done.add(k)
                if self.cache is not None and isinstance(res, Manifest):
                    self.cache.put(k, res)
            if self.cache is not None:
                self.cache.save()
        return {ref.key: self.memory[ref.key] for ref in refs}

    def platforms_of(self, pairs: list[tuple[ImageRef, str]]) -> dict[str, str | None | ResolveError]:
        """Platform of each pinned digest (None: it is an index)."""
        todo: list[tuple[str, ImageRef, str]] = []
        for ref, digest in pairs:
            k = f"{ref.name}@{digest}"
            if k not in self.platforms and all(k != t[0] for t in todo):
                todo.append((k, ref, digest))
        if todo and not self.offline:
            results = self.client.run_all([functools.partial(self.client.platform_of, r, d) for _, r, d in todo])
            for (k, _, _), res in zip(todo, results):
                self.platforms[k] = res
        for k, _, _ in todo:
            self.platforms.setdefault(k, ResolveError("not in the cache (--offline)"))
        return {f"{r.name}@{d}": self.platforms[f"{r.name}@{d}"] for r, d in pairs}
