"""Base-image knowledge shared by the structural transforms.

Which family (package manager, user tools) an image belongs to, which images
ship a non-root user, which run as non-root already, which have curl/wget,
and what one RUN's text says about them (package managers, tools).  Facts
about a stage (its chain, base image, family, tools installed before an
instruction) are computed by ``dockfix.semantic.model.Model`` from these.

Everything here is a small, explicit table: an image that is not listed is
``unknown`` and the transforms refuse rather than guess.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.syntax.cst import Instruction

DEBIAN = "debian"  # Debian (and an unknown apt-based image): groupadd/useradd, apt
UBUNTU = "ubuntu"  # Ubuntu: groupadd/useradd, apt
ALPINE = "alpine"  # busybox addgroup/adduser, apk
BUSYBOX = "busybox"
RHEL = "rhel"  # RHEL/UBI/Fedora/CentOS/Rocky/Alma/Oracle: useradd, dnf/yum
RHEL_MINIMAL = "rhel-minimal"  # ubi-minimal & co: microdnf, no shadow-utils
AMAZON = "amazonlinux"  # yum/dnf, no shadow-utils in the image
SUSE = "suse"
DISTROLESS = "distroless"  # no shell, user nonroot (65532)
CHISELED = "chiseled"  # Ubuntu chiseled, .NET chiseled, Canonical's chiselled rocks: no shell, no package manager
SCRATCH = "scratch"
WINDOWS = "windows"
UNKNOWN = "unknown"

SHELL_FAMILIES = {DEBIAN, UBUNTU, ALPINE, BUSYBOX, RHEL, RHEL_MINIMAL, AMAZON, SUSE}
# families without /bin/sh: a RUN (shell or not) has nothing to run, USER cannot be created by a command
NO_SHELL_FAMILIES = frozenset({DISTROLESS, CHISELED, SCRATCH})
# apt/dpkg-based families (Debian's package names, www-data, /var/lib/apt/lists)
DEBIAN_LIKE = frozenset({DEBIAN, UBUNTU})


def uses_apt(family: str) -> bool:
    """Whether images of ``family`` install packages with apt-get/dpkg."""
    return family in DEBIAN_LIKE


def has_shell(family: str) -> bool | None:
    """Whether images of ``family`` have /bin/sh (so RUN works): None when unknown or Windows."""
    if family in SHELL_FAMILIES:
        return True
    if family in NO_SHELL_FAMILIES:
        return False
    return None


_DEBIAN_TAG = re.compile(r"(^|[-_.])(slim|bookworm|bullseye|buster|stretch|jessie|trixie|forky|sid|debian)([-_.]|\d|$)")
# Ubuntu release code names (and versions, oldest first) a tag can name: eclipse-temurin:21-jammy, cuda's -ubuntu22.04
UBUNTU_RELEASES = (
    ("precise", "12.04"), ("quantal", "12.10"), ("raring", "13.04"), ("saucy", "13.10"), ("trusty", "14.04"),
    ("utopic", "14.10"), ("vivid", "15.04"), ("wily", "15.10"), ("xenial", "16.04"), ("yakkety", "16.10"),
    ("zesty", "17.04"), ("artful", "17.10"), ("bionic", "18.04"), ("cosmic", "18.10"), ("disco", "19.04"),
    ("eoan", "19.10"), ("focal", "20.04"), ("groovy", "20.10"), ("hirsute", "21.04"), ("impish", "21.10"),
    ("jammy", "22.04"), ("kinetic", "22.10"), ("lunar", "23.04"), ("mantic", "23.10"), ("noble", "24.04"),
    ("oracular", "24.10"), ("plucky", "25.04"), ("questing", "25.10"), ("resolute", "26.04"),
)
_UBUNTU_TAG = re.compile(r"(^|[-_.])(jammy|focal|bionic|noble|xenial|trusty|oracular|plucky|questing|resolute|ubuntu)"
                         r"([-_.]|\d|$)")
# Canonical's chiselled rocks on Docker Hub (no shell, no apt); ubuntu/nginx, ubuntu/squid... are full Ubuntu
_CHISELED_REPOS = {"ubuntu/python", "ubuntu/dotnet-deps", "ubuntu/dotnet-runtime", "ubuntu/dotnet-aspnet", "ubuntu/jre",
                   "ubuntu/chiselled-jre"}
_CHISELED = re.compile(r"(^|[/_.-])chisell?ed")  # dotnet/aspnet:8.0-jammy-chiseled, ubuntu/chiselled-jre (not jpillora/chisel)
_ALPINE_TAG = re.compile(r"(^|[-_.])alpine")
_RHEL_TAG = re.compile(r"(^|[-_.])(ubi\d*|rockylinux|rocky|centos|fedora|oraclelinux|oracle|almalinux|rhel)")
_MINIMAL_TAG = re.compile(r"(^|[-_.])ubi\d*-minimal|(^|[-_.])minimal")
_WINDOWS = re.compile(r"(?i)(windows|servercore|nanoserver|ltsc20)")

# repository basename (official images and common vendors) -> family of the default tag
_DEBIAN_REPOS = {
    "debian", "buildpack-deps", "python", "node", "golang", "ruby", "php", "perl", "rust", "openjdk",
    "maven", "gradle", "elixir", "erlang", "haskell", "julia", "r-base", "rocker/r-ver",
    "nginx", "httpd", "tomcat", "jetty", "clojure", "groovy", "pypy", "hylang", "neurodebian", "kalilinux/kali-rolling",
    "continuumio/miniconda3", "continuumio/anaconda3", "condaforge/miniforge3", "mambaorg/micromamba",
    "sbtscala/scala-sbt", "amazoncorretto-debian",
    "wordpress", "drupal", "ghost", "odoo", "redmine", "jenkins/jenkins", "sonarqube", "mono", "dart", "bitnami/minideb",
    "postgres", "redis", "mongo", "mariadb", "rabbitmq", "memcached", "cassandra", "influxdb", "telegraf", "grafana/grafana-oss",
    "gcc", "java", "adoptopenjdk", "crystallang/crystal", "bellsoft/liberica-openjre-debian",
    "google/cloud-sdk", "fsharp",
    "microsoft/dotnet", "azul/zulu-openjdk", "bellsoft/liberica-openjdk-debian", "python-slim", "docker-library",
}
# repositories whose default tag is Ubuntu-based
_UBUNTU_REPOS = {"ubuntu", "public.ecr.aws/ubuntu/ubuntu", "eclipse-temurin", "nvidia/cuda", "nvcr.io/nvidia/cuda",
                 "nvcr.io/nvidia/pytorch", "nvcr.io/nvidia/tensorflow", "pytorch/pytorch", "tensorflow/tensorflow",
                 "ibmjava", "sapmachine", "swift"}
_ALPINE_REPOS = {"alpine", "docker", "composer", "traefik", "caddy", "vault", "consul", "nats", "haproxy-alpine", "bellsoft/liberica-openjdk-alpine",
                 "gliderlabs/alpine", "frolvlad/alpine-glibc"}
_RHEL_REPOS = {"centos", "fedora", "rockylinux", "rockylinux/rockylinux", "almalinux", "oraclelinux", "ubi", "ubi7", "ubi8", "ubi9",
               "ubi10", "ubi8/ubi", "ubi9/ubi", "centos/centos", "quay.io/centos/centos", "mysql"}
_MINIMAL_REPOS = {"ubi-minimal", "ubi8/ubi-minimal", "ubi9/ubi-minimal", "ubi10/ubi-minimal", "ubi8-minimal", "ubi9-minimal"}
_AMAZON_REPOS = {"amazonlinux", "amazon/aws-lambda-provided", "public.ecr.aws/amazonlinux/amazonlinux"}
_SUSE_REPOS = {"opensuse/leap", "opensuse/tumbleweed", "opensuse", "registry.suse.com/bci/bci-base", "bci/bci-base", "suse/sle15"}

# images whose default user is already non-root: nothing to fix
NONROOT_BY_DEFAULT = (
    re.compile(r"(^|/)distroless/[^:@]+:(.*-)?nonroot"),
    re.compile(r"^cgr\.dev/chainguard/(?!.*-dev)"),
    re.compile(r"(^|/)nginx-unprivileged(:|@|$)"),
    re.compile(r"^jenkins/(jenkins|inbound-agent|agent)(:|@|$)"),
    re.compile(r"^jupyter/"), re.compile(r"^quay\.io/jupyter/"),
    re.compile(r"^selenium/"),
    re.compile(r"^bitnami/(?!minideb)"),
    re.compile(r"^sonarqube(:|@|$)"),
    re.compile(r"^gitlab/gitlab-runner"),
    # .NET chiseled and Azure Linux distroless images end with USER $APP_UID (app, 1654) and have no shell
    re.compile(r"^mcr\.microsoft\.com/dotnet/[^:@]+:[^@]*-(chiseled|distroless)"),
)

# images that ship a named non-root user for applications: (pattern, user, group, uid)
SHIPPED_USER = (
    # node images have had the `node` user since November 2016 (4.6.2, 6.9.2, 7.2): tags of older
    # releases (node:6.1.0, node:0.12, node:5) have none
    (re.compile(r"^(docker\.io/)?(library/)?node(@|$|:(?!(0\.|[1-35](?!\d)|4\.[0-5]\.|4\.6\.[01](?!\d)|4\.[0-6](?![\d.])|"
                r"6\.[0-8]\.|6\.9\.[01](?!\d)|6\.[0-9](?![\d.])|7\.[01](?!\d))))"), "node", "node"),
    (re.compile(r"(^|/)distroless/"), "nonroot", "nonroot"),
    (re.compile(r"^(docker\.io/)?oven/bun(:|@|$)"), "bun", "bun"),
    (re.compile(r"^mcr\.microsoft\.com/(vscode/)?devcontainers/(javascript|typescript)-node(:|@|$)"), "node", "node"),
    (re.compile(r"^mcr\.microsoft\.com/(vscode/)?devcontainers/"), "vscode", "vscode"),
    (re.compile(r"^(docker\.io/)?denoland/deno(:|@|$)"), "deno", "deno"),
    (re.compile(r"^mcr\.microsoft\.com/dotnet/(aspnet|runtime|runtime-deps|sdk):(8|9|10)\."), "app", "app"),
)

# images whose own entrypoint starts as root and drops privileges itself
PRIVILEGE_DROPPING_IMAGES = re.compile(
    r"^(docker\.io/)?(library/)?(postgres|redis|mongo|mysql|mariadb|rabbitmq|cassandra|elasticsearch|couchdb|"
    r"memcached|influxdb|zookeeper|solr|neo4j|percona|kong|couchbase|nextcloud|wordpress|drupal|joomla|"
    r"owncloud|matomo|ghost|redmine|odoo|linuxserver/[^:]+|lscr\.io/linuxserver/[^:]+|php:[^@]*fpm[^@]*)(:|@|$)"
)

# images whose default command is a server that binds ports below 1024 as root
ROOT_DAEMON_IMAGES = re.compile(
    r"^(docker\.io/)?(library/)?(nginx|httpd|haproxy|traefik|caddy|php:[^@]*apache|wordpress|drupal|joomla|"
    r"bind9|ubuntu/bind9|internetsystemsconsortium/bind9|varnish|squid|ubuntu/squid|postfix|openresty/openresty)(:|@|$)"
)


def root_daemon_image(image: str | None) -> bool:
    if not image or "$" in image:
        return False
    return bool(ROOT_DAEMON_IMAGES.search(image.lower()))


# full (buildpack-deps based) official images: curl and wget are there; -slim/-alpine are not
_BUILDPACK_REPOS = {"buildpack-deps", "python", "node", "golang", "ruby", "rust", "perl", "php", "openjdk",
                    "gradle", "maven", "elixir", "erlang", "haskell", "julia", "pypy", "r-base"}
_NO_TOOLS_TAG = re.compile(r"(slim|alpine|minimal|distroless|windows|nanoserver|servercore|ubi)")


@dataclass
class ImageName:
    raw: str
    repo: str  # without registry's docker.io/library/ prefix, lower-case
    tag: str  # lower-case, "" when absent

    @property
    def base(self) -> str:
        return self.repo.rsplit("/", 1)[-1]


def split_image(image: str) -> ImageName:
    s = image.strip().lower()
    s = s.split("@", 1)[0]
    tag = ""
    last = s.rsplit("/", 1)[-1]
    if ":" in last:
        s, tag = s.rsplit(":", 1)
    for pre in ("docker.io/library/", "docker.io/", "index.docker.io/library/", "index.docker.io/", "library/"):
        if s.startswith(pre):
            s = s[len(pre):]
            break
    return ImageName(image, s, tag)


# The working directory official images leave for the next build: their
# WORKDIR, or "/" when they set none (published image configurations; perl
# ends with /usr/src/app, so it is not "/").  Only these exact repositories
# and their official mirrors count: another registry's `python` may differ.
_IMAGE_WORKDIRS = {
    **dict.fromkeys((
        "scratch", "debian", "ubuntu", "alpine", "busybox", "centos", "fedora", "amazonlinux", "rockylinux",
        "almalinux", "oraclelinux", "archlinux", "opensuse/leap", "opensuse/tumbleweed", "buildpack-deps",
        "python", "node", "ruby", "openjdk", "eclipse-temurin", "amazoncorretto", "rust", "erlang", "elixir",
        "haskell", "gcc", "java", "nginx", "postgres", "mysql", "mariadb", "mongo", "nvidia/cuda"), "/"),
    "golang": "/go", "php": "/var/www/html", "wordpress": "/var/www/html", "httpd": "/usr/local/apache2",
    "tomcat": "/usr/local/tomcat", "redis": "/data", "composer": "/app", "perl": "/usr/src/app",
}
_WORKDIR_MIRRORS = ("public.ecr.aws/docker/library/", "mirror.gcr.io/library/", "mirror.gcr.io/",
                    "public.ecr.aws/ubuntu/", "public.ecr.aws/amazonlinux/", "public.ecr.aws/debian/")


def image_workdir(image: str | None) -> str | None:
    """The working directory ``image`` starts a stage in, when it is a known
    official image (None: unknown)."""
    if not image or "$" in image or _WINDOWS.search(image):
        return None
    repo = split_image(image).repo
    for pre in _WORKDIR_MIRRORS:
        if repo.startswith(pre):
            repo = repo[len(pre):]
            break
    return _IMAGE_WORKDIRS.get(repo)


def _repo_in(n: ImageName, table: set[str]) -> bool:
    if n.repo in table:
        return True
    # registry.example.com/ubi9/ubi-minimal, mirror.gcr.io/library/python, ...
    parts = n.repo.split("/")
    for i in range(1, len(parts)):
        tail = "/".join(parts[i:])
        if tail in table:
            return True
    return False


def family_of_image(image: str | None) -> str:
    """Family of an image reference, from its name and tag; UNKNOWN if not sure."""
    if not image:
        return UNKNOWN
    if "$" in image:
        return UNKNOWN
    n = split_image(image)
    if n.repo == "scratch":
        return SCRATCH
    if _WINDOWS.search(n.repo) or _WINDOWS.search(n.tag):
        return WINDOWS
    if "distroless" in n.repo or n.repo.startswith("cgr.dev/chainguard/"):
        return DISTROLESS
    if _CHISELED.search(n.repo) or _CHISELED.search(n.tag) or _repo_in(n, _CHISELED_REPOS):
        return CHISELED  # before the tag's release name: dotnet/aspnet:8.0-jammy-chiseled has no shell
    if n.base == "busybox":
        return BUSYBOX
    if _repo_in(n, _MINIMAL_REPOS) or (_MINIMAL_TAG.search(n.tag) and _RHEL_TAG.search(n.tag)):
        return RHEL_MINIMAL
    if _repo_in(n, _AMAZON_REPOS) or n.repo.startswith("public.ecr.aws/lambda/") or n.repo.startswith("amazon/aws-lambda"):
        return AMAZON
    if _repo_in(n, _SUSE_REPOS):
        return SUSE
    # the tag wins over the repository's default (python:3-alpine, node:20-bookworm-slim)
    if _ALPINE_TAG.search(n.tag):
        return ALPINE
    if _RHEL_TAG.search(n.tag):
        return RHEL
    if _UBUNTU_TAG.search(n.tag):
        return UBUNTU
    if _DEBIAN_TAG.search(n.tag):
        return DEBIAN
    return _family_of_repository(n)


def _family_of_repository(n: ImageName) -> str:
    """The family of a repository's default tag (the tag named no distribution)."""
    if _repo_in(n, _ALPINE_REPOS):
        return ALPINE
    if n.base == "amazoncorretto":
        return AMAZON  # Amazon Linux 2 / 2023 images: yum/dnf, but no shadow-utils (no useradd)
    if _repo_in(n, _RHEL_REPOS) or re.search(r"(^|/)ubi\d*(/|$)", n.repo):
        return RHEL
    if _repo_in(n, _UBUNTU_REPOS):
        return UBUNTU
    if _repo_in(n, _DEBIAN_REPOS):
        if n.repo.startswith("ubuntu/"):
            return UBUNTU  # Canonical's builds of official images (ubuntu/nginx, ubuntu/redis); rocks were caught above
        # openjdk:<n>-oracle and mysql are Oracle Linux (amazoncorretto: Amazon Linux, in _family_of_repository)
        if n.base == "openjdk" and "oracle" in n.tag:
            return RHEL
        return DEBIAN
    if n.repo.startswith("nvcr.io/nvidia/"):
        return UBUNTU  # NGC images are Ubuntu
    if n.repo.startswith(("mcr.microsoft.com/devcontainers/", "mcr.microsoft.com/vscode/devcontainers/",
                          "mcr.microsoft.com/azure-functions/")):
        return ALPINE if "alpine" in n.tag else DEBIAN  # dev containers: Debian unless the tag names Ubuntu
    if n.repo.startswith("mcr.microsoft.com/dotnet/"):
        if "alpine" in n.tag:
            return ALPINE
        if "mariner" in n.tag or "azurelinux" in n.tag or "distroless" in n.tag:
            return UNKNOWN
        return DEBIAN
    return UNKNOWN


def nonroot_by_default(image: str | None) -> bool:
    if not image or "$" in image:
        return False
    s = image.lower()
    for pre in ("docker.io/library/", "docker.io/"):
        if s.startswith(pre):
            s = s[len(pre):]
    return any(p.search(s) for p in NONROOT_BY_DEFAULT)


def shipped_user(image: str | None) -> tuple[str, str] | None:
    """(user, group) of the application user an image ships, if known."""
    if not image or "$" in image:
        return None
    s = image.lower()
    for pat, user, group in SHIPPED_USER:
        if pat.search(s):
            return user, group
    return None


def drops_privileges_itself(image: str | None) -> bool:
    if not image or "$" in image:
        return False
    return bool(PRIVILEGE_DROPPING_IMAGES.search(image.lower()))


def image_has_tool(image: str | None, tool: str) -> bool:
    """Whether a base image is known to contain ``curl`` or ``wget``."""
    if not image or "$" in image:
        return False
    n = split_image(image)
    fam = family_of_image(image)
    if tool == "wget" and fam in (ALPINE, BUSYBOX):
        return True  # busybox applet
    if tool == "curl" and fam in (RHEL, RHEL_MINIMAL, AMAZON, SUSE):
        return True  # curl(-minimal) is part of these images
    if (_repo_in(n, _BUILDPACK_REPOS) and not _NO_TOOLS_TAG.search(n.tag)):
        return True
    if n.repo in ("curlimages/curl",) and tool == "curl":
        return True
    return False


# ---------------------------------------------------------------------------
# facts from the file itself
# ---------------------------------------------------------------------------

_PM_FAMILY = (
    (re.compile(r"(^|[\s;&|(])(apt-get|apt|dpkg|debconf-set-selections|add-apt-repository)\s"), DEBIAN),
    (re.compile(r"(^|[\s;&|(])apk\s+(add|update|upgrade|del)\b"), ALPINE),
    (re.compile(r"(^|[\s;&|(])microdnf\s"), RHEL_MINIMAL),
    (re.compile(r"(^|[\s;&|(])(dnf|yum|rpm)\s"), RHEL),
    (re.compile(r"(^|[\s;&|(])zypper\s"), SUSE),
)


def run_text(ins: Instruction) -> str:
    target = ins.sub if ins.sub is not None else ins
    if target.cmd != "RUN":
        return ""
    t = target.line_text
    for h in target.heredocs:
        t += "\n" + h.content
    return t


def ubuntu_release(image: str | None) -> tuple[int, int] | None:
    """The Ubuntu release (year, month) an image's tag names (``ubuntu:14.04``, ``ubuntu:trusty``,
    ``nvidia/cuda:12.2.0-runtime-ubuntu22.04``); None when the tag names none (or ``latest``).
    Ask only for a stage whose family is ``UBUNTU``."""
    if not image or "$" in image:
        return None
    n = split_image(image)
    bare = n.base == "ubuntu" or n.repo.startswith("ubuntu/")  # a bare 22.04 is Ubuntu's version (not NGC's 24.05)
    versions = dict(UBUNTU_RELEASES)
    for word in re.split(r"[-_]", n.tag):
        named = word.startswith("ubuntu")
        word = word.removeprefix("ubuntu")
        m = re.fullmatch(r"(\d\d)\.(\d\d)(\.\d+)?", word) if bare or named else None
        if m is None and word in versions:
            m = re.fullmatch(r"(\d\d)\.(\d\d)", versions[word])
        if m is not None:
            return int(m.group(1)), int(m.group(2))
    return None


def family_from_run(text: str) -> str:
    """The family suggested by the package-manager commands of a RUN's text
    (UNKNOWN if none).  Stage-level: ``Model.family``."""
    for pat, fam in _PM_FAMILY:
        if pat.search(text):
            return fam
    return UNKNOWN


def family_from_basename_only(image: str | None) -> bool:
    """Whether ``family_of_image`` answers from the last part of a namespaced
    repository alone (``demisto/python`` as if it were ``python``): no exact
    table entry and no distribution in the tag, so the file's own package
    manager commands are better evidence."""
    if not image or "$" in image:
        return False
    n = split_image(image)
    if "/" not in n.repo or any(p.search(n.tag) for p in (_ALPINE_TAG, _RHEL_TAG, _UBUNTU_TAG, _DEBIAN_TAG)):
        return False
    tables = (_DEBIAN_REPOS, _UBUNTU_REPOS, _ALPINE_REPOS, _RHEL_REPOS, _MINIMAL_REPOS, _AMAZON_REPOS, _SUSE_REPOS)
    return not any(n.repo in t for t in tables)


def runs_apk(text: str) -> bool:
    """A RUN's text calls Alpine's package manager."""
    return bool(_PM_FAMILY[1][0].search(text))


_INSTALL = re.compile(r"\b(apt-get|apt|apk|yum|dnf|microdnf|zypper|tdnf)\b[^;&|]*?\b(install|add|in)\b([^;&|]*)")


def run_installs_or_uses(text: str, tool: str) -> bool:
    """A RUN's text installs ``tool`` with a package manager or runs it.
    Stage-level: ``Model.tool_installed_before``."""
    if not text:
        return False
    for m in _INSTALL.finditer(text):
        if re.search(r"(^|\s)" + re.escape(tool) + r"(\s|$|=)", m.group(3)):
            return True
    word = re.compile(r"(^|[\s;&|(/])" + re.escape(tool) + r"($|[\s;&|)])")
    return bool(word.search(text))


def is_root_user(value: str) -> bool:
    v = value.strip().split(":", 1)[0].strip().strip("'\"")
    return v in ("root", "0")


def normpath(p: str) -> str:
    """posixpath.normpath, but a leading ``//`` (from ``/${EMPTY}/x`` or ``/${HOME}``) becomes ``/``."""
    import posixpath

    p = posixpath.normpath(p)
    return "/" + p.lstrip("/") if p.startswith("//") else p


# -- images known to run as root and to have bash ----------------------------------------------
# registry/namespace prefixes under which the official images are mirrored
_MIRROR = (r"^(?:docker\.io/|index\.docker\.io/|public\.ecr\.aws/docker/library/|mirror\.gcr\.io/|"
           r"(?:arm32v[5-7]|arm64v8|amd64|i386|ppc64le|s390x|riscv64)/)?(?:library/)?")
_DEBIAN_RHEL = (r"debian|ubuntu|centos|fedora|rockylinux|almalinux|amazonlinux|oraclelinux|archlinux|"
                r"opensuse/leap|opensuse/tumbleweed|buildpack-deps|python|node|golang|ruby|php|perl|rust|gcc|"
                r"openjdk|eclipse-temurin|amazoncorretto|maven|nvidia/cuda|ros|kalilinux/kali-rolling|"
                r"public\.ecr\.aws/ubuntu/ubuntu|public\.ecr\.aws/amazonlinux/amazonlinux|pytorch/pytorch|"
                r"tensorflow/tensorflow|continuumio/miniconda3|continuumio/anaconda3")
ROOT_IMAGES = re.compile(
    _MIRROR + r"(" + _DEBIAN_RHEL + r"|alpine|busybox|gradle|clojure|haskell|erlang|elixir|julia|r-base|swift|"
    r"mono|dart)(?::|@|$)",
    re.I,
)

BASH_IMAGES = re.compile(
    _MIRROR + r"(" + _DEBIAN_RHEL + r"|redhat/ubi\d+(?:-minimal)?|registry\.access\.redhat\.com/ubi\d+(?:/ubi(?:-minimal)?)?|"
    r"mcr\.microsoft\.com/(?:vscode/)?devcontainers/[\w.-]+|mcr\.microsoft\.com/dotnet/(?:sdk|aspnet|runtime))(?::|@|$)",
    re.I,
)


@functools.lru_cache(maxsize=1)
def _debian_runtime_libs() -> dict[str, tuple[str, ...]]:
    from importlib.resources import files

    text = files("dockfix").joinpath("data/debian_runtime_libs.txt").read_text(encoding="utf-8")
    out: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" in line:
            dev, libs = line.split(":", 1)
            out[dev.strip()] = tuple(libs.split())
    return out


# the Debian release the runtime-library table (data/debian_runtime_libs.txt) was read from
RUNTIME_LIBS_RELEASE = "bookworm"


def runtime_libraries(dev_package: str, codename: str | None) -> tuple[str, ...] | None:
    """The runtime packages programs built with the Debian ``dev_package`` need (``libpq-dev``
    -> ``libpq5``), for the release ``codename``; None when not known (another release, or a
    package the table does not list)."""
    libs = _debian_runtime_libs().get(dev_package)
    if libs == ():
        return ()  # headers of the interpreter or the C library: nothing to install, in any release
    return libs if codename == RUNTIME_LIBS_RELEASE else None
