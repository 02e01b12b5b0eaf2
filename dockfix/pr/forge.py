"""Minimal REST clients for opening or updating a pull/merge request.

GitHub: ``GET/POST/PATCH /repos/{owner}/{repo}/pulls`` (REST API v3, also
GitHub Enterprise at ``https://HOST/api/v3``).  GitLab: ``GET/POST/PUT
/projects/{id}/merge_requests`` (API v4, also self-hosted).  ``httpx`` is
imported only when a request is made.  The token is sent in a header and
never appears in messages or exceptions.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import quote

USER_AGENT = "dockfix-bot"


class ForgeError(Exception):
    """An API call failed; ``str()`` is safe to print (no token)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class PullRequest:
    number: int
    url: str
    created: bool  # False: an existing open one was updated


_SCP_RE = re.compile(r"^(?:[\w.+-]+@)?(?P<host>[\w.-]+):(?P<path>[^/].*)$")
_URL_RE = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]*)://(?:[^@/]+@)?(?P<host>[^/:]+)(?::\d+)?/(?P<path>.+)$", re.I)


def parse_remote_url(url: str) -> tuple[str, str] | None:
    """``(host, "owner/name")`` from a git remote URL (https, ssh or scp-like)."""
    url = url.strip()
    m = _URL_RE.match(url)
    if m and m.group("scheme").lower() != "file":
        host, path = m.group("host"), m.group("path")
    else:
        m = _SCP_RE.match(url)
        if not m or "://" in url:
            return None
        host, path = m.group("host"), m.group("path")
    path = path.strip("/")
    if path.endswith(".git"):
        path = path[:-4]
    if path.count("/") < 1 or not path:
        return None
    return host, path


def default_api_url(kind: str, host: str | None) -> str:
    if kind == "github":
        env = os.environ.get("GITHUB_API_URL")
        if env:
            return env.rstrip("/")
        if not host or host in ("github.com", "www.github.com"):
            return "https://api.github.com"
        return f"https://{host}/api/v3"
    env = os.environ.get("CI_API_V4_URL")
    if env:
        return env.rstrip("/")
    return f"https://{host or 'gitlab.com'}/api/v4"


class Forge:
    kind = ""
    token_env = ""

    def __init__(self, api_url: str, token: str, repo: str, timeout: float = 30.0, transport=None):
        if not token:
            raise ForgeError(f"no API token: set {self.token_env}")
        self.api_url = api_url.rstrip("/")
        self._token = token
        self.repo = repo.strip("/")
        self.timeout = timeout
        self._transport = transport  # tests may pass an httpx transport

    def __repr__(self) -> str:  # never show the token
        return f"{type(self).__name__}(api_url={self.api_url!r}, repo={self.repo!r})"

    # -- plumbing -------------------------------------------------------
    def _headers(self) -> dict[str, str]:
        raise NotImplementedError

    def _redact(self, s: str) -> str:
        return s.replace(self._token, "***") if self._token else s

    def request(self, method: str, path: str, params: dict | None = None, json: dict | None = None):
        import httpx

        url = self.api_url + path
        try:
            with httpx.Client(timeout=self.timeout, transport=self._transport, follow_redirects=False) as c:
                r = c.request(method, url, params=params, json=json, headers=self._headers())
        except httpx.HTTPError as e:
            raise ForgeError(self._redact(f"{method} {url}: cannot reach the API: {type(e).__name__}: {e}")) from None
        if r.status_code >= 400:
            raise ForgeError(self._redact(f"{method} {url}: HTTP {r.status_code}: {self._error_text(r)}"), r.status_code)
        if r.status_code == 204 or not r.content:
            return None
        try:
            return r.json()
        except ValueError:
            raise ForgeError(f"{method} {url}: the answer is not JSON") from None

    @staticmethod
    def _error_text(r) -> str:
        try:
            data = r.json()
        except ValueError:
            return (r.text or r.reason_phrase or "").strip()[:300]
        if not isinstance(data, dict):
            return str(data)[:300]
        msg = data.get("message") or data.get("error") or ""
        if isinstance(msg, list):
            msg = "; ".join(map(str, msg))
        elif isinstance(msg, dict):
            msg = "; ".join(f"{k} {v}" for k, v in msg.items())
        details = []
        for e in data.get("errors") or []:
            if isinstance(e, dict):
                details.append(str(e.get("message") or " ".join(str(e.get(k, "")) for k in ("resource", "field", "code")).strip()))
            else:
                details.append(str(e))
        if data.get("error_description"):
            details.append(str(data["error_description"]))
        text = str(msg)
        if details:
            text += " (" + "; ".join(d for d in details if d) + ")"
        return text.strip()[:500]

    # -- the operations -------------------------------------------------
    def default_branch(self) -> str:
        raise NotImplementedError

    def find_open(self, branch: str) -> dict | None:
        raise NotImplementedError

    def open_or_update(self, branch: str, base: str | None, title: str, body: str) -> PullRequest:
        raise NotImplementedError


class GitHub(Forge):
    kind = "github"
    token_env = "GITHUB_TOKEN"
    max_body = 65536

    def _headers(self) -> dict[str, str]:
        return {
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self._token}",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": USER_AGENT,
        }

    @property
    def _base(self) -> str:
        owner, _, name = self.repo.partition("/")
        return f"/repos/{quote(owner, safe='')}/{quote(name, safe='')}"

    def default_branch(self) -> str:
        data = self.request("GET", self._base)
        return data["default_branch"]

    def find_open(self, branch: str) -> dict | None:
        owner = self.repo.split("/", 1)[0]
        data = self.request("GET", f"{self._base}/pulls", params={"head": f"{owner}:{branch}", "state": "open"})
        for pr in data or []:
            if pr.get("state", "open") == "open" and (pr.get("head") or {}).get("ref", branch) == branch:
                return pr
        return None

    def open_or_update(self, branch: str, base: str | None, title: str, body: str) -> PullRequest:
        existing = self.find_open(branch)
        if existing is not None:
            data = self.request("PATCH", f"{self._base}/pulls/{int(existing['number'])}", json={"title": title, "body": body})
            return PullRequest(int(data["number"]), data.get("html_url", ""), False)
        if not base:
            base = self.default_branch()
        data = self.request("POST", f"{self._base}/pulls",
                            json={"title": title, "head": branch, "base": base, "body": body, "maintainer_can_modify": True})
        return PullRequest(int(data["number"]), data.get("html_url", ""), True)


class GitLab(Forge):
    kind = "gitlab"
    token_env = "GITLAB_TOKEN"
    max_body = 1_000_000

    def _headers(self) -> dict[str, str]:
        return {"PRIVATE-TOKEN": self._token, "Accept": "application/json", "User-Agent": USER_AGENT}

    @property
    def _base(self) -> str:
        return f"/projects/{quote(self.repo, safe='')}"

    def default_branch(self) -> str:
        data = self.request("GET", self._base)
        return data["default_branch"]

    def find_open(self, branch: str) -> dict | None:
        data = self.request("GET", f"{self._base}/merge_requests", params={"state": "opened", "source_branch": branch})
        for mr in data or []:
            if mr.get("state", "opened") == "opened" and mr.get("source_branch", branch) == branch:
                return mr
        return None

    def open_or_update(self, branch: str, base: str | None, title: str, body: str) -> PullRequest:
        existing = self.find_open(branch)
        if existing is not None:
            data = self.request("PUT", f"{self._base}/merge_requests/{int(existing['iid'])}",
                                json={"title": title, "description": body})
            return PullRequest(int(data["iid"]), data.get("web_url", ""), False)
        if not base:
            base = self.default_branch()
        data = self.request("POST", f"{self._base}/merge_requests",
                            json={"source_branch": branch, "target_branch": base, "title": title,
                                  "description": body, "remove_source_branch": True})
        return PullRequest(int(data["iid"]), data.get("web_url", ""), True)


FORGES: dict[str, type[Forge]] = {"github": GitHub, "gitlab": GitLab}


def make_forge(kind: str, repo: str, api_url: str | None = None, token: str | None = None,
               host: str | None = None, transport=None) -> Forge:
    cls = FORGES[kind]
    if token is None:
        token = os.environ.get(cls.token_env, "")
    return cls(api_url or default_api_url(kind, host), token, repo, transport=transport)
