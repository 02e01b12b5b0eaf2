"""The GitHub/GitLab REST clients against a local fake API (127.0.0.1, random port).

The fake checks each request (method, raw path, query, headers, JSON body)
and answers like the documented APIs, including 401/409/422 errors.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from dockfix.pr.forge import ForgeError, GitHub, GitLab, default_api_url, make_forge, parse_remote_url

TOKEN = "tok-SECRET-1234567890"


class FakeAPI:
    """Routes: {(METHOD, raw_path): callable(request) -> (status, json_body)}."""

    def __init__(self):
        self.routes: dict = {}
        self.requests: list[dict] = []
        self.failures: list[str] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _handle(self):
                parts = urlsplit(self.path)
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n) if n else b""
                req = {
                    "method": self.command,
                    "path": parts.path,
                    "query": {k: v[0] for k, v in parse_qs(parts.query).items()},
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "json": json.loads(raw) if raw else None,
                }
                api.requests.append(req)
                fn = api.routes.get((self.command, parts.path))
                if fn is None:
                    status, body = 404, {"message": "Not Found"}
                else:
                    try:
                        status, body = fn(req)
                    except AssertionError as e:  # a wrong request: fail the test, answer 500
                        api.failures.append(f"{self.command} {parts.path}: {e!r}")
                        status, body = 500, {"message": "request check failed"}
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_PUT = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def api():
    a = FakeAPI()
    yield a
    a.close()
    assert not a.failures, a.failures


def gh_headers_ok(req):
    h = req["headers"]
    assert h["authorization"] == f"Bearer {TOKEN}"
    assert h["accept"] == "application/vnd.github+json"
    assert h["x-github-api-version"] == "2022-11-28"
    assert h["user-agent"].startswith("dockfix")
    assert "private-token" not in h


def gl_headers_ok(req):
    h = req["headers"]
    assert h["private-token"] == TOKEN
    assert "authorization" not in h


# -- GitHub -------------------------------------------------------------------


def test_github_opens_a_pull_request(api):
    def list_prs(req):
        gh_headers_ok(req)
        assert req["query"] == {"head": "octo:dockfix/fixes", "state": "open"}
        return 200, []

    def create(req):
        gh_headers_ok(req)
        assert req["json"] == {"title": "T", "head": "dockfix/fixes", "base": "main", "body": "B",
                               "maintainer_can_modify": True}
        return 201, {"number": 42, "html_url": "https://github.example/octo/app/pull/42", "state": "open"}

    api.routes[("GET", "/repos/octo/app/pulls")] = list_prs
    api.routes[("POST", "/repos/octo/app/pulls")] = create
    pr = GitHub(api.url, TOKEN, "octo/app").open_or_update("dockfix/fixes", "main", "T", "B")
    assert (pr.number, pr.created) == (42, True)
    assert pr.url.endswith("/pull/42")
    assert [(r["method"], r["path"]) for r in api.requests] == [("GET", "/repos/octo/app/pulls"), ("POST", "/repos/octo/app/pulls")]


def test_github_base_defaults_to_the_repository_default_branch(api):
    api.routes[("GET", "/repos/octo/app/pulls")] = lambda req: (200, [])
    api.routes[("GET", "/repos/octo/app")] = lambda req: (200, {"full_name": "octo/app", "default_branch": "trunk"})
    api.routes[("POST", "/repos/octo/app/pulls")] = lambda req: (201, {"number": 1, "html_url": "u"})
    GitHub(api.url, TOKEN, "octo/app").open_or_update("b", None, "T", "B")
    assert api.requests[-1]["json"]["base"] == "trunk"


def test_github_updates_the_open_pull_request(api):
    api.routes[("GET", "/repos/octo/app/pulls")] = lambda req: (200, [
        {"number": 7, "state": "open", "head": {"ref": "dockfix/fixes", "label": "octo:dockfix/fixes"}}])

    def patch(req):
        gh_headers_ok(req)
        assert req["json"] == {"title": "T2", "body": "B2"}
        return 200, {"number": 7, "html_url": "https://x/pull/7", "state": "open"}

    api.routes[("PATCH", "/repos/octo/app/pulls/7")] = patch
    pr = GitHub(api.url, TOKEN, "octo/app").open_or_update("dockfix/fixes", "main", "T2", "B2")
    assert (pr.number, pr.created) == (7, False)
    assert not any(r["method"] == "POST" for r in api.requests)


def test_github_401_is_an_error_without_the_token(api):
    api.routes[("GET", "/repos/octo/app/pulls")] = lambda req: (401, {
        "message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})
    with pytest.raises(ForgeError) as ei:
        GitHub(api.url, TOKEN, "octo/app").open_or_update("b", "main", "T", "B")
    assert ei.value.status == 401
    assert "Bad credentials" in str(ei.value)
    assert TOKEN not in str(ei.value)


def test_github_422_reports_the_validation_errors(api):
    api.routes[("GET", "/repos/octo/app/pulls")] = lambda req: (200, [])
    api.routes[("POST", "/repos/octo/app/pulls")] = lambda req: (422, {
        "message": "Validation Failed",
        "errors": [{"resource": "PullRequest", "code": "custom", "message": "No commits between main and b"}],
        "documentation_url": "https://docs.github.com/rest/pulls/pulls#create-a-pull-request"})
    with pytest.raises(ForgeError) as ei:
        GitHub(api.url, TOKEN, "octo/app").open_or_update("b", "main", "T", "B")
    assert ei.value.status == 422
    assert "Validation Failed" in str(ei.value) and "No commits between main and b" in str(ei.value)


def test_github_enterprise_base_path(api):
    api.routes[("GET", "/api/v3/repos/octo/app/pulls")] = lambda req: (200, [])
    api.routes[("POST", "/api/v3/repos/octo/app/pulls")] = lambda req: (201, {"number": 3, "html_url": "u"})
    pr = GitHub(api.url + "/api/v3/", TOKEN, "octo/app").open_or_update("b", "main", "T", "B")
    assert pr.number == 3


# -- GitLab -------------------------------------------------------------------


def test_gitlab_opens_a_merge_request_with_an_encoded_project_path(api):
    base = "/api/v4/projects/group%2Fsub%2Fapp"

    def list_mrs(req):
        gl_headers_ok(req)
        assert req["query"] == {"state": "opened", "source_branch": "dockfix/fixes"}
        return 200, []

    def create(req):
        gl_headers_ok(req)
        assert req["json"] == {"source_branch": "dockfix/fixes", "target_branch": "main", "title": "T",
                               "description": "B", "remove_source_branch": True}
        return 201, {"iid": 5, "id": 999, "web_url": "https://gitlab.example/group/sub/app/-/merge_requests/5"}

    api.routes[("GET", base + "/merge_requests")] = list_mrs
    api.routes[("POST", base + "/merge_requests")] = create
    pr = GitLab(api.url + "/api/v4", TOKEN, "group/sub/app").open_or_update("dockfix/fixes", "main", "T", "B")
    assert (pr.number, pr.created) == (5, True)
    assert pr.url.endswith("/merge_requests/5")


def test_gitlab_updates_the_open_merge_request(api):
    base = "/projects/g%2Fapp"
    api.routes[("GET", base + "/merge_requests")] = lambda req: (200, [
        {"iid": 9, "id": 1000, "state": "opened", "source_branch": "dockfix/fixes"}])

    def put(req):
        gl_headers_ok(req)
        assert req["json"] == {"title": "T", "description": "B"}
        return 200, {"iid": 9, "web_url": "https://g/app/-/merge_requests/9"}

    api.routes[("PUT", base + "/merge_requests/9")] = put
    pr = GitLab(api.url, TOKEN, "g/app").open_or_update("dockfix/fixes", "main", "T", "B")
    assert (pr.number, pr.created) == (9, False)


def test_gitlab_default_branch_and_errors(api):
    base = "/projects/g%2Fapp"
    api.routes[("GET", base + "/merge_requests")] = lambda req: (200, [])
    api.routes[("GET", base)] = lambda req: (200, {"id": 1, "default_branch": "develop"})
    api.routes[("POST", base + "/merge_requests")] = lambda req: (409, {
        "message": ["Another open merge request already exists for this source branch: !4"]})
    with pytest.raises(ForgeError) as ei:
        GitLab(api.url, TOKEN, "g/app").open_or_update("b", None, "T", "B")
    assert ei.value.status == 409 and "already exists" in str(ei.value)
    assert api.requests[-1]["json"]["target_branch"] == "develop"


def test_gitlab_401(api):
    api.routes[("GET", "/projects/g%2Fapp/merge_requests")] = lambda req: (401, {"message": "401 Unauthorized"})
    with pytest.raises(ForgeError) as ei:
        GitLab(api.url, TOKEN, "g/app").find_open("b")
    assert ei.value.status == 401 and "401 Unauthorized" in str(ei.value) and TOKEN not in str(ei.value)


# -- helpers ------------------------------------------------------------------


def test_unreachable_api_is_a_forge_error():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(ForgeError) as ei:
        GitHub(f"http://127.0.0.1:{port}", TOKEN, "o/r").find_open("b")
    assert "cannot reach" in str(ei.value) and TOKEN not in str(ei.value)


def test_missing_token_and_repr():
    with pytest.raises(ForgeError, match="GITHUB_TOKEN"):
        GitHub("http://x", "", "o/r")
    with pytest.raises(ForgeError, match="GITLAB_TOKEN"):
        GitLab("http://x", "", "o/r")
    assert TOKEN not in repr(GitHub("http://x", TOKEN, "o/r"))


@pytest.mark.parametrize("url,expected", [
    ("https://github.com/octo/app.git", ("github.com", "octo/app")),
    ("https://x-access-token:abc@github.com/octo/app", ("github.com", "octo/app")),
    ("git@github.com:octo/app.git", ("github.com", "octo/app")),
    ("ssh://git@gitlab.example.com:2222/group/sub/app.git", ("gitlab.example.com", "group/sub/app")),
    ("gitlab.example.com:group/app", ("gitlab.example.com", "group/app")),
    ("/srv/git/app.git", None),
    ("file:///srv/git/app.git", None),
    ("https://github.com/onlyowner", None),
])
def test_parse_remote_url(url, expected):
    assert parse_remote_url(url) == expected


def test_default_api_urls(monkeypatch):
    monkeypatch.delenv("GITHUB_API_URL", raising=False)
    monkeypatch.delenv("CI_API_V4_URL", raising=False)
    assert default_api_url("github", "github.com") == "https://api.github.com"
    assert default_api_url("github", "ghe.corp") == "https://ghe.corp/api/v3"
    assert default_api_url("gitlab", None) == "https://gitlab.com/api/v4"
    assert default_api_url("gitlab", "git.corp") == "https://git.corp/api/v4"
    monkeypatch.setenv("GITHUB_API_URL", "https://ghe.corp/api/v3/")
    assert default_api_url("github", "github.com") == "https://ghe.corp/api/v3"


def test_make_forge_reads_the_token_from_the_environment(monkeypatch, api):
    monkeypatch.setenv("GITLAB_TOKEN", TOKEN)
    api.routes[("GET", "/projects/g%2Fapp/merge_requests")] = lambda req: (gl_headers_ok(req), (200, []))[1]
    f = make_forge("gitlab", "g/app", api_url=api.url)
    assert f.find_open("b") is None
