"""The image's role and the facts around it, with the evidence for each.

What the final stage of a Dockerfile builds, as far as the file (and, when
asked, its build context) shows it:

- ``role``: a service, a command-line tool, a base image, a build
  environment or a privileged tool; every role found comes with its
  evidence (``Evidence``: the line, its text, why it counts), and the role
  is ``unknown`` when nothing decides;
- ``accounts``: the accounts the base image ships, the installed packages
  create (``www-data``, ``redis``, ``postgres``...) and the RUNs create with
  useradd/adduser;
- ``running_user``: the USER the image already runs as (the last USER of
  the stage chain, or a base image known to run as non-root);
- ``written_paths``: where the program writes (WORKDIR, VOLUMEs, files a
  RUN creates in the WORKDIR, redirections of the start command, the state
  directories of installed servers);
- the privilege facts non-root-user refuses on (the entrypoint drops
  privileges itself, the command needs root, a port below 1024...).

The facts are computed lazily, at most once per document (``role_of``
caches them on the document's ``Model``).  Each table below is small and
explicit: what is not listed is not known.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dockfix.semantic import images as im
from dockfix.semantic import usage
from dockfix.semantic.model import model_of
from dockfix.semantic.official_images import official_repositories
from dockfix.semantic.variables import expand, scope_before
from dockfix.shell.facts import written_files
from dockfix.syntax.cst import env_pairs

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.semantic.model import Model
    from dockfix.shell.view import ShellView, SimpleCommand
    from dockfix.syntax.cst import Dockerfile, Instruction, Stage

SERVICE = "service"
TOOL = "command-line tool"
BASE = "base image"
BUILD_ENV = "build environment"
PRIVILEGED = "privileged tool"
UNKNOWN = "unknown"
ROLES = (SERVICE, TOOL, BASE, BUILD_ENV, PRIVILEGED)


@dataclass(frozen=True)
class Evidence:
    """One reason for a fact: the 1-based ``line`` of the Dockerfile it was
    read from (0 when it comes from outside the file: base-image knowledge,
    a file of the build context), the ``text`` it was read from and why it
    counts."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Account:
    """An account that exists in the image: ``uid`` None when it is only
    known at build time; ``source`` is ``base image``, ``package`` or
    ``useradd``."""

    name: str
    uid: int | None
    source: str
    evidence: Evidence
    group: str | None = None  # its primary group, when known
    gid: int | None = None
    package: str | None = None  # the package that creates it


@dataclass(frozen=True)
class RunningUser:
    """The user the image runs as.  ``value`` is the USER in force as
    written (None: no USER in the stage chain); ``nonroot`` is True when it
    is known not to be root (a non-root USER, possibly a variable such as
    ``$APP_UID``, or a base image known to run as non-root), False for
    ``USER root``/``0``, None when no USER says (most images then run as
    root, but the file does not tell)."""

    value: str | None
    nonroot: bool | None
    instruction: Instruction | None = field(compare=False)
    evidence: Evidence | None


@dataclass(frozen=True)
class WrittenPath:
    """A path the program (probably) writes, with every reason found for it."""

    path: str
    evidence: tuple[Evidence, ...]


# -- knowledge ------------------------------------------------------------

# numeric ids of the users base images ship (USER <uid>: hadolint DL3066, Kubernetes runAsNonRoot)
SHIPPED_UIDS = {"node": (1000, 1000), "nonroot": (65532, 65532), "bun": (1000, 1000), "deno": (1993, 1993),
                "vscode": (1000, 1000), "app": (1654, 1654)}

_DROPS = re.compile(
    r"(?<![\w-])(gosu|su-exec|setpriv|runuser|s6-setuidgid|s6-applyuidgid|s6-overlay|s6-svscan|supervisord|chpst|"
    r"setuidgid|start-stop-daemon)(?![\w-])|chroot\s+--userspec|(?<![\w-])su\s+(-[lcs]\b|-\s|\w+\s+-c)|"
    r"(?<![\w-])sudo\s+-u(?![\w-])"
)
# a program's own option to switch user after start (beanstalkd -u, memcached -u, gunicorn --user, dnsmasq -u)
_USER_OPTION = re.compile(r"(?:^|[\s\"',\[])(-u|--user|--uid|--runas|-U)[\s\"',=]+([A-Za-z_][\w-]*)(?=[\s\"',\]]|$)")
_INIT_ENTRY = re.compile(r'^\s*\[?\s*"?/init"?\s*\]?\s*$')
_NEEDS_ROOT = re.compile(
    r"(?<![\w-])(sshd|cron|crond|systemd|(?:/usr)?/sbin/init|/lib/systemd/systemd|dockerd|dockerd-entrypoint(?:\.sh)?|dind|service\s+\S+\s+start|rsyslogd|postfix|dovecot|"
    r"nginx|apache2ctl|apachectl|apache2|httpd|apache2-foreground|httpd-foreground|slapd|vsftpd|named|tcpdump|iptables|"
    # init systems that start services as root (images built FROM them add services)
    r"runsvdir|runit|minit|my_init|openrc-init|"
    # php-fpm's master starts as root, opens its root-owned log and switches its workers to the pool's user
    r"php-fpm\d*(?:\.\d+)?|"
    # root-only commands a start command runs before the app (chown -R app /data && exec app)
    r"chown|chgrp|sysctl|modprobe|apt-get|update-ca-certificates|apk\s+add)(?![\w-])"
)
_SCRIPT_NEEDS_ROOT = re.compile(
    r"(?<![\w./-])(chown|chgrp|sysctl|modprobe|apt-get|update-ca-certificates|apk\s+add)(?![\w-])|"
    # daemons that need root, by name or path (/usr/sbin/sshd -D), and init scripts
    r"(?<![\w.-])(sshd|crond?|dockerd|rsyslogd|syslogd|php-fpm\d*(?:\.\d+)?|service\s+[\w.-]+\s+(?:re)?start|systemctl|"
    r"/etc/init\.d/[\w.-]+)(?![\w.-])")
_DROPPER_WORDS = ("gosu", "su-exec", "s6-overlay", "supervisor")
_DROPPER_INSTALL = re.compile(r"(?<![\w-])(gosu|su-exec|s6-overlay|supervisor|tini-static-gosu)(?![\w])")
_SETCAP = re.compile(r"setcap\b[^;&|]*cap_net_bind_service")
_ACCOUNT_TOOLS = re.compile(r"(?<![\w-])(useradd|adduser|groupadd|addgroup)(?![\w-])")
_CONTEXT_SCAN_LIMIT = 4000
_LAUNCHERS = ("sh", "bash", "/bin/sh", "/bin/bash", "tini", "/sbin/tini", "/usr/bin/tini", "dumb-init",
              "/usr/bin/dumb-init")
# useradd/adduser (shadow, Debian, busybox) options that take a value
_ACCOUNT_VALUE_OPTS = {"-u", "-g", "-G", "-d", "-s", "-c", "-k", "-K", "-e", "-f", "-p", "-R", "-P", "-Z", "-h",
                       "--uid", "--gid", "--groups", "--home-dir", "--home", "--shell", "--comment", "--skel", "--key",
                       "--expiredate", "--inactive", "--password", "--root", "--prefix", "--selinux-user", "--gecos",
                       "--ingroup", "--firstuid", "--lastuid", "--conf", "--add_extra_groups", "--extrausers"}

# accounts that installing a package creates: package -> {family (None: any other): account}
_PACKAGE_ACCOUNTS: dict[str, dict[str | None, str]] = {
    "nginx": {im.DEBIAN: "www-data", None: "nginx"},
    "nginx-full": {None: "www-data"}, "nginx-light": {None: "www-data"}, "nginx-extras": {None: "www-data"},
    "apache2": {im.DEBIAN: "www-data", None: "apache"},
    "httpd": {None: "apache"},
    "lighttpd": {im.DEBIAN: "www-data", None: "lighttpd"},
    "php-fpm": {im.DEBIAN: "www-data", im.RHEL: "apache"},
    "redis": {None: "redis"}, "redis-server": {None: "redis"},
    "postgresql": {None: "postgres"}, "postgresql-server": {None: "postgres"},
    "mysql-server": {None: "mysql"}, "default-mysql-server": {None: "mysql"},
    "mariadb-server": {None: "mysql"}, "mariadb": {None: "mysql"},
    "freeradius": {im.DEBIAN: "freerad", im.ALPINE: "radius", None: "radiusd"},
    "squid": {im.DEBIAN: "proxy", None: "squid"},
    "bind9": {None: "bind"}, "bind": {None: "named"},
    "memcached": {im.DEBIAN: "memcache", None: "memcached"},
    "mongodb-org-server": {None: "mongodb"}, "mongodb-org": {None: "mongodb"},
    "rabbitmq-server": {None: "rabbitmq"},
    "postfix": {None: "postfix"}, "dovecot-core": {None: "dovecot"}, "dovecot": {None: "dovecot"},
    "exim4": {None: "Debian-exim"},
    "slapd": {None: "openldap"}, "openldap-servers": {None: "ldap"}, "openldap": {None: "ldap"},
    "haproxy": {None: "haproxy"}, "varnish": {None: "varnish"},
    "tor": {im.DEBIAN: "debian-tor", None: "tor"},
    "unbound": {None: "unbound"}, "dnsmasq": {None: "dnsmasq"}, "mosquitto": {None: "mosquitto"},
    "clamav": {None: "clamav"}, "clamav-daemon": {None: "clamav"}, "prosody": {None: "prosody"},
    "tomcat9": {None: "tomcat"}, "tomcat10": {None: "tomcat"}, "tomcat": {None: "tomcat"},
    "jenkins": {None: "jenkins"}, "elasticsearch": {None: "elasticsearch"}, "grafana": {None: "grafana"},
    "influxdb": {None: "influxdb"}, "nagios4": {None: "nagios"}, "ntp": {None: "ntp"},
    "chrony": {im.DEBIAN: "_chrony", None: "chrony"},
}
# fixed uids of Debian's base-passwd
_DEBIAN_UIDS = {"www-data": 33, "proxy": 13}

# the directories where installed servers (or official images of them) keep their state
_STATE_DIRS: dict[str, tuple[str, ...]] = {
    "postgres": ("/var/lib/postgresql",), "mysql": ("/var/lib/mysql",), "redis": ("/var/lib/redis",),
    "nginx": ("/var/cache/nginx", "/var/log/nginx"), "apache": ("/var/log/apache2", "/var/run/apache2"),
    "mongodb": ("/var/lib/mongodb",), "rabbitmq": ("/var/lib/rabbitmq",), "grafana": ("/var/lib/grafana",),
    "jenkins": ("/var/jenkins_home",), "elasticsearch": ("/usr/share/elasticsearch/data",),
    "mariadb": ("/var/lib/mysql",), "influxdb": ("/var/lib/influxdb",), "mosquitto": ("/mosquitto/data",),
}
_PACKAGE_STATE = {"postgresql": "postgres", "postgresql-server": "postgres", "mysql-server": "mysql",
                  "default-mysql-server": "mysql", "mariadb-server": "mariadb", "redis-server": "redis",
                  "redis": "redis", "nginx": "nginx", "apache2": "apache", "httpd": "apache",
                  "mongodb-org-server": "mongodb", "rabbitmq-server": "rabbitmq", "grafana": "grafana",
                  "jenkins": "jenkins", "elasticsearch": "elasticsearch", "influxdb": "influxdb",
                  "mosquitto": "mosquitto"}
_IMAGE_STATE = {"postgres": "postgres", "mysql": "mysql", "mariadb": "mariadb", "mongo": "mongodb",
                "rabbitmq": "rabbitmq", "nginx": "nginx", "httpd": "apache", "jenkins/jenkins": "jenkins",
                "grafana/grafana": "grafana", "influxdb": "influxdb", "eclipse-mosquitto": "mosquitto"}
_REDIS_IMAGE_STATE = ("/data",)

# packages whose programs need capabilities or devices (raw sockets, netfilter, TUN, mounts, tracing)
_PRIVILEGED_PACKAGES = {
    "tcpdump": "captures packets (CAP_NET_RAW)", "tshark": "captures packets (CAP_NET_RAW)",
    "wireshark-common": "captures packets (CAP_NET_RAW)", "nmap": "sends raw packets (CAP_NET_RAW)",
    "iptables": "changes netfilter rules (CAP_NET_ADMIN)", "nftables": "changes netfilter rules (CAP_NET_ADMIN)",
    "ipvsadm": "changes IPVS rules (CAP_NET_ADMIN)", "ipset": "changes netfilter sets (CAP_NET_ADMIN)",
    "conntrack": "reads and changes connection tracking (CAP_NET_ADMIN)",
    "conntrack-tools": "reads and changes connection tracking (CAP_NET_ADMIN)",
    "strace": "traces processes (CAP_SYS_PTRACE)", "ltrace": "traces processes (CAP_SYS_PTRACE)",
    "openvpn": "a VPN that needs /dev/net/tun (CAP_NET_ADMIN)", "wireguard": "a VPN (CAP_NET_ADMIN)",
    "wireguard-tools": "a VPN (CAP_NET_ADMIN)", "wireguard-go": "a VPN that needs /dev/net/tun (CAP_NET_ADMIN)",
    "strongswan": "an IPsec VPN (CAP_NET_ADMIN)", "libreswan": "an IPsec VPN (CAP_NET_ADMIN)",
    "xl2tpd": "a VPN (CAP_NET_ADMIN)", "pptpd": "a VPN (CAP_NET_ADMIN)", "tinc": "a VPN that needs /dev/net/tun",
    "zerotier-one": "a VPN that needs /dev/net/tun", "tailscale": "a VPN that needs /dev/net/tun",
    "nfs-kernel-server": "an NFS server (kernel nfsd, mounts)", "nfs-utils": "NFS mounts (CAP_SYS_ADMIN)",
    "nfs-common": "NFS mounts (CAP_SYS_ADMIN)", "nfs-ganesha": "an NFS server",
    "bcc": "eBPF tracing (CAP_BPF, CAP_SYS_ADMIN)", "bcc-tools": "eBPF tracing (CAP_BPF, CAP_SYS_ADMIN)",
    "bpfcc-tools": "eBPF tracing (CAP_BPF, CAP_SYS_ADMIN)", "bpftrace": "eBPF tracing (CAP_BPF, CAP_SYS_ADMIN)",
    "bpftool": "eBPF (CAP_BPF, CAP_SYS_ADMIN)", "keepalived": "moves addresses (CAP_NET_ADMIN)",
    "docker-ce-cli": "a docker client (the host's docker.sock)", "docker-cli": "a docker client (the host's docker.sock)",
    "docker.io": "docker (the host's docker.sock)", "docker-ce": "docker (privileged)",
    "fuse": "FUSE mounts (/dev/fuse, CAP_SYS_ADMIN)", "fuse3": "FUSE mounts (/dev/fuse, CAP_SYS_ADMIN)",
    "sshfs": "FUSE mounts (/dev/fuse, CAP_SYS_ADMIN)", "s3fs": "FUSE mounts (/dev/fuse, CAP_SYS_ADMIN)",
    "cifs-utils": "CIFS mounts (CAP_SYS_ADMIN)", "open-iscsi": "iSCSI devices", "lvm2": "block devices",
    "kmod": "loads kernel modules (CAP_SYS_MODULE)",
}
_PRIVILEGED_COMMANDS = re.compile(
    r"(?<![\w./-])(mount|modprobe|insmod|sysctl\s+-w|iptables|ip6tables|nft|tcpdump|openvpn|wg-quick|wg|"
    r"mknod|ip\s+(?:link|route|addr|tuntap)\s+(?:add|set|del)|brctl|ethtool)(?![\w-])")
_DEVICE = re.compile(r"/dev/(?!(?:null|zero|u?random|stdin|stdout|stderr|tty|console|shm|fd|pts|mqueue)\b)"
                     r"[A-Za-z][\w/.-]*")
_DOCKER_SOCK = re.compile(r"docker\.sock")
_DOCKER_CLIENT = re.compile(r"get\.docker\.com|download\.docker\.com/linux/static|docker/compose/releases|"
                            r"(?<![\w-])pip\d?\s+install\b[^;&|]*\bdocker-compose\b|(?<![\w-])docker-compose-plugin\b")
_PRIVILEGE_FLAGS = re.compile(r"--privileged\b|--cap-add[= ]\s*\S+|--device[= ]\s*\S+|--security-opt[= ]\s*\S+|"
                              r"--pid[= ]host\b|\bprivileged:\s*true\b|\bcap_add:")

_SERVERS = re.compile(
    r"(?<![\w.-])(nginx|httpd|apache2|apache2-foreground|apache2ctl|php-fpm\d*(?:\.\d+)?|gunicorn|uvicorn|hypercorn|"
    r"daphne|uwsgi|waitress-serve|puma|unicorn|thin|passenger|catalina\.sh|redis-server|mongod|postgres|mysqld|"
    r"mariadbd|memcached|haproxy|caddy|traefik|sshd|lighttpd|vsftpd|named|slapd|dnsmasq|squid|varnishd|"
    r"mosquitto|rabbitmq-server|kafka-server-start(?:\.sh)?|nats-server|consul(?=\W+agent)|vault(?=\W+server)|"
    r"prometheus|grafana-server|"
    r"jupyter|streamlit|http-server|serve)(?![\w-])|runserver\b|\b(?:rails|rackup)\s+(?:s|server)\b|"
    r"\bflask\s+run\b|\bnpm\s+(?:run\s+)?start\b|\byarn\s+start\b|-D\s*FOREGROUND|daemon\s+off|"
    r"--(?:port|listen|bind)\b|0\.0\.0\.0")
_NOT_TOOLS = re.compile(r"(^|/)(sh|bash|ash|dash|zsh|tini|dumb-init|init|s6-svscan|supervisord|catatonit|"
                        r"[\w.-]*entrypoint[\w.-]*|[\w.-]*start[\w.-]*|[\w.-]*run[\w.-]*\.sh|[\w.-]*\.sh|"
                        r"python\d*(\.\d+)?|node|java|dotnet|ruby|php|perl)$")
_DATA_DIRS = re.compile(r"^/(data|work|workdir|workspace|mnt(/\w+)?|input|output|files|project|repo|pwd|host|"
                        r"local|documents|in|out)/?$")
_BASE_COMMENT = re.compile(
    r"(?i)\b(this|it)\b[^.]{0,40}\bbase\b[^.]{0,20}\bimages?\b|\b(used|meant|intended|designed)\s+"
    r"(to\s+be\s+used\s+)?as\s+(a\s+|the\s+)?base\b|\bFROM\s+this\s+image\b|"
    r"\bbuild\s+(your|other|child)\s+(own\s+)?images?\s+(on|from|with)\b")
_GENERATED = re.compile(r"(?i)do\s+not\s+edit|\bgenerated\s+(by|via|from|with|automatically)\b|"
                        r"\bauto-?generated\b|\bthis\s+(docker)?file\s+is\s+generated\b")
_BUILD_COMMENT = re.compile(r"(?i)\b(build|ci|development|dev)\s+(environment|container|image)\b|\btoolchain\b|"
                            r"\bdevcontainer\b")
_TOOLCHAIN_PACKAGES = {"build-essential", "gcc", "g++", "clang", "make", "cmake", "autoconf", "automake",
                       "libtool", "ninja-build", "ninja", "meson", "pkg-config", "pkgconf", "gcc-c++",
                       "rustc", "cargo", "golang", "golang-go", "maven", "gradle", "ant", "binutils",
                       "alpine-sdk", "build-base", "devtoolset", "llvm", "gfortran"}
# a language's interactive prompt as the whole CMD: what official language images start
_PROMPTS = re.compile(r"(node|nodejs|pwsh|powershell|python[\d.]*|pypy[\d.]*|irb|php -a|jshell|ghci|iex|erl|julia|R|bun|deno|"
                      r"swift|clojure|scala|lua[\d.]*|perl -de0|ruby|groovysh|sbcl|racket|guile|ocaml|utop|gore)")
# programs that work on the user's files (run with the current directory mounted): a table, not a guess
_CLI_TOOLS = re.compile(
    r"composer|git|npm|npx|yarn|pnpm|terraform|terragrunt|packer|kubectl|helm|kustomize|gcloud|gsutil|aws|az|"
    r"ansible|ansible-playbook|ansible-lint|make|mvn|gradle|go|cargo|pandoc|ffmpeg|convert|magick|jq|yq|hugo|"
    r"jekyll|latexmk|pdflatex|xelatex|lualatex|shellcheck|hadolint|eslint|prettier|black|flake8|pylint|ruff|"
    r"rubocop|sass|webpack|tsc|protoc|buf|bazel|bazelisk|cmake|sphinx-build|mkdocs|doxygen|youtube-dl|yt-dlp|"
    r"rsync|s3cmd|rclone|firebase|serverless|sls|cdk|pulumi|tflint|checkov|trivy|grype|syft|gitleaks|semgrep|"
    r"yamllint|markdownlint|asciidoctor|plantuml|dot|wkhtmltopdf|tesseract|exiftool|ocrmypdf|gifsicle|"
    r"optipng|pngquant|jpegoptim|svgo|lilypond|gs|qpdf|mogrify|sox|imagemin|zola|gatsby|ng|vue|nx|dotnet-format")
_SHELLS = re.compile(r'^\s*\[?\s*"?(/?bin/|/usr/bin/)?(bash|sh|zsh|ash|fish)"?\s*\]?\s*$')
_BUILD_IMAGES = re.compile(r"(^|/)devcontainers/|/dotnet/sdk(:|@|$)|(^|/)buildpack-deps(:|@|$)|"
                           r"(^|/)(gcc|rust|golang|maven|gradle)(:|@|$)")
_PM_INSTALL = {"apt-get": ("install",), "apt": ("install",), "aptitude": ("install",), "apk": ("add",),
               "yum": ("install",), "dnf": ("install",), "microdnf": ("install",), "tdnf": ("install",),
               "zypper": ("install", "in")}
_LISTEN_PORT = re.compile(r"(?:^|[\s\"',\[])(?:-b|-p|--?(?:bind|port|listen|http|https|addr|address|http-port|"
                          r"http-addr|listen-addr|listen-address|server\.port))(?:[=\s\"',]+)"
                          r"(?:[\w.*\[\]-]*:)?(\d{1,5})(?![\d.])")
# servers that keep state where their build put it (a package's account aside): as another user they
# cannot write it
_STATEFUL_SERVERS = re.compile(
    r"(?<![\w.-])(couchdb|mongod|postgres|mysqld|mysqld_safe|mariadbd|redis-server|elasticsearch|cassandra|"
    r"kafka-server-start(?:\.sh)?|zookeeper-server-start(?:\.sh)?|zkServer\.sh|rabbitmq-server|influxd|etcd|"
    r"minio|neo4j|solr|qpidd|activemq|artemis|mosquitto|slapd|clickhouse-server|couchbase-server|"
    r"arangod|rethinkdb|cockroach|nsqd|crate|orientdb|memsql|riak|dgraph)(?![\w-])")
_RAILS = re.compile(r"(?<![\w-])(rails\s+(s|server|assets:precompile|db:\w+)|bundle\s+exec\s+(rails|rake|puma|unicorn)|"
                    r"rake\s+assets:precompile)(?![\w-])")
_ROOT_PATH = re.compile(r"(?<![\w.-])/root(/|:|\s|$|\")")
_RC_WRITE = re.compile(r">>?\s*[\"']?(?:~|\$HOME|\$\{HOME\}|/root)/(\.(?:bashrc|profile|bash_profile|zshrc|zprofile))")
_PIP_USER = re.compile(r"(?<![\w-])pip[\d.]*\s+install\b[^;&|]*\s--user\b")
# what a program is asked to do when a build sets up its state
_INIT_VERBS = re.compile(r"(?:db|init|initdb|init-db|migrate|upgrade|setup|seed|bootstrap|createdb|create-db|"
                         r"createsuperuser|create-admin|fab|load|loaddata|import|install-db|setup-db|"
                         r"db:(?:create|migrate|setup|seed|schema:load))")
# chgrp 0 / chgrp root / chown x:0 with chmod g+w / g=u / 77x: OpenShift's group-root convention
_GROUP_ZERO_OWNER = re.compile(r"chgrp\s+(?:-\S+\s+)*(?:0|root)\b|chown\s+(?:-\S+\s+)*[\w.$-]*:(?:0|root)\b")
_GROUP_WRITE = re.compile(r"chmod\s+(?:-\S+\s+)*(?:[ugo]*g[ugo]*[+=][rwxXu]*w|g=u|[0-7]?77[0-7])\b")
_GROUP_ZERO_NOTE = re.compile(r"(?i:openshift)[^\n]*\b(?:group|gid)\s*(?:0|root)\b")


def _group_zero(text: str) -> str | None:
    """What in ``text`` makes paths writable for group 0 (chgrp 0 with chmod g+w, or a note saying so)."""
    m = _GROUP_ZERO_NOTE.search(text)
    if m:
        return m.group(0)
    owner = _GROUP_ZERO_OWNER.search(text)
    write = _GROUP_WRITE.search(text) if owner else None
    return f"{owner.group(0)} ... {write.group(0)}" if owner and write else None


_PACKAGE_TOOLS = {"npm", "npx", "yarn", "pnpm", "pip", "pip3", "make", "go", "cargo", "mvn", "gradle", "dotnet",
                  "composer", "mix", "poetry", "pipenv", "uv", "env", "su", "sudo", "gosu", "su-exec", "bundle",
                  "apt-get", "apt", "apk", "yum", "dnf", "microdnf", "gem", "conda", "mamba"}
# what a mount target is called when the program keeps its state there (``./uploads:/app/uploads``)
_STATE_NAMES = re.compile(r"(?i)data|uploads?|media|logs?|storage|db|database|output|state|backups?|"
                          r"[\w.-]+\.(db|sqlite3?)")
_SIBLING_LIMIT = 200
_SIBLING_READS = 20


# -- helpers --------------------------------------------------------------

def _short(text: str, n: int = 120) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 3] + "..."


def _ev(ins: Instruction, reason: str) -> Evidence:
    return Evidence(ins.line, _short(ins.line_text), reason)


def _account(cmd: SimpleCommand, env: dict[str, str] | None = None,
             assigned: set[str] | tuple[str, ...] = ()) -> tuple[str, int | None] | None:
    """(name, uid) of the account a useradd/adduser command creates: its first
    operand, and its ``-u``/``--uid`` when that is a number (literal, or an
    ARG/ENV known in ``env`` that the RUN does not assign itself: ``assigned``)."""

    def number(word, text: str | None = None) -> int | None:
        v = text if text is not None else word.value
        if v is None and env is not None:
            t = word.text
            if len(t) > 1 and t[0] == t[-1] == '"':
                t = t[1:-1]
            if any(c in t for c in "'`\\\"") or set(re.findall(r"\$\{?(\w+)", t)) & set(assigned):
                return None
            v = expand(t, env)
        return int(v) if v is not None and v.isdigit() else None

    args = cmd.argv[1:]
    i = 0
    uid = None
    name = None
    while i < len(args):
        v = args[i].value
        if v is None:
            if name is None:
                return None
            i += 1
            continue
        if v.startswith("-"):
            if v in ("-u", "--uid") and i + 1 < len(args):
                uid = number(args[i + 1])
            elif v.startswith("--uid="):
                uid = number(args[i], v.split("=", 1)[1])
            elif re.fullmatch(r"-u\d+", v):
                uid = int(v[2:])
            if v in _ACCOUNT_VALUE_OPTS:
                i += 2
                continue
            i += 1
            continue
        if name is None:
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*\$?", v):
                return None
            name = v
        i += 1
    return (name, uid) if name else None


def _created(doc: Dockerfile, chain: list[Stage]) -> list[tuple[str, int | None, Instruction]]:
    """(name, uid or None, RUN) of every account made by useradd/adduser in the stage chain, in order."""
    found = []
    for ins, view in model_of(doc).stage_runs(chain):
        env = None
        assigned: set[str] = set()
        for c in view.commands():
            if c.name and c.name.rsplit("/", 1)[-1] in ("useradd", "adduser"):
                if env is None:
                    env = scope_before(doc, ins)
                    assigned = set(re.findall(r"(?<![\w$])(\w+)\+?=", im.run_text(ins) or ""))
                    assigned |= set(re.findall(r"(?<![\w-])(?:read|export|local|declare)\s+(?:-\w+\s+)*(\w+)",
                                               im.run_text(ins) or ""))
                acc = _account(c, env, assigned)
                # (dockremap only owns the /etc/subuid range of dockerd's user-namespace remapping)
                if acc:
                    found.append((acc[0], acc[1], ins))
    return found


def created_accounts(doc: Dockerfile, chain: list[Stage]) -> list[tuple[str, int | None]]:
    """(name, uid or None) of every account made by useradd/adduser in the stage chain, in order."""
    return [(n, u) for n, u, _ in _created(doc, chain)]


def uid_of(doc: Dockerfile, stage: Stage, name: str) -> int | None:
    """The uid of the account ``name`` in ``stage``: one the file creates with
    a fixed uid, or the user its base image ships (``node`` 1000, ...)."""
    model = model_of(doc)
    chain = model.chain(stage)
    uid = next((u for n, u in reversed(created_accounts(doc, chain)) if n == name), None)
    if uid is None:
        shipped = im.shipped_user(model.base_image(stage))
        if shipped and shipped[0] == name and name in SHIPPED_UIDS:
            uid = SHIPPED_UIDS[name][0]
    return uid


def _package_key(pkg: str) -> str:
    """The table name of a versioned package: ``postgresql-15`` -> ``postgresql``."""
    if re.fullmatch(r"postgresql-\d+(\.\d+)?", pkg):
        return "postgresql"
    if re.fullmatch(r"php\d*(\.\d+)?-fpm", pkg):
        return "php-fpm"
    if re.fullmatch(r"tomcat\d+", pkg):
        return "tomcat"
    return pkg


def _package_name(word: str) -> str:
    """``pkg=1.2``, ``pkg:amd64``, ``pkg@edge`` -> ``pkg``."""
    return re.split(r"[=@:<>]", word, maxsplit=1)[0].lower()


def installed_packages(model: Model, chain: list[Stage]) -> list[tuple[str, Instruction]]:
    """(package, RUN) for every literal package a package manager installs in ``chain``."""
    out = []
    for ins, view in model.stage_runs(chain):
        for c in view.commands():
            name = (c.name or "").rsplit("/", 1)[-1]
            subs = _PM_INSTALL.get(name)
            if not subs:
                continue
            vals = c.arg_values()
            at = next((k for k, v in enumerate(vals) if v in subs), None)
            if at is None:
                continue
            for v in vals[at + 1:]:
                if v and not v.startswith("-") and not v.startswith("/") and "://" not in v:
                    out.append((_package_name(v), ins))
    return out


def _comment_lines(doc: Dockerfile) -> Iterator[tuple[int, str]]:
    """(line, text) of every comment line of the file (``#`` kept)."""
    for n, line in enumerate(doc.text.splitlines(), 1):
        s = line.strip()
        if s.startswith("#"):
            yield n, s


# -- the facts --------------------------------------------------------------

class Roles:
    """Role, accounts, running user, written paths and privilege facts of the
    final stage of one document (``role_of(model)``); each computed on first use."""

    def __init__(self, model: Model, context_dir: str | None = None):
        self.model = model
        self.doc = model.doc
        self.context_dir = context_dir
        self.stage: Stage | None = self.doc.stages[-1] if self.doc.stages else None
        # the stage chain through FROM <stage> and FROM ${ARG} (the model's)
        self.chain: list[Stage] = self.model.chain(self.stage) if self.stage is not None else []
        self.image: str | None = self.model.base_image(self.stage) if self.stage is not None else None

    # -- start command ------------------------------------------------------
    @functools.cached_property
    def start(self) -> tuple[Instruction | None, Instruction | None]:
        """(ENTRYPOINT, CMD) in force for the final stage (a later ENTRYPOINT resets CMD)."""
        entry = cmd = None
        for st in reversed(self.chain):
            for ins in st.instructions:
                if ins.cmd == "ENTRYPOINT":
                    entry = ins
                    cmd = None
                elif ins.cmd == "CMD":
                    cmd = ins
        return entry, cmd

    @property
    def _start_texts(self) -> list[tuple[Instruction, str]]:
        return [(i, i.args) for i in self.start if i is not None]

    @functools.cached_property
    def entry_script(self) -> tuple[str, str] | None:
        """(file name, text) of the entrypoint (or command) script when it is a
        file of the build context (the first of that name, a bounded walk)."""
        entry, cmd = self.start
        ins = entry or cmd
        if ins is None or not self.context_dir:
            return None
        vals = ins.json_values if ins.json else ins.args.split()
        if not vals:
            return None
        first = vals[0]
        if first in _LAUNCHERS and len(vals) > 1:
            rest = [v for v in vals[1:] if not v.startswith("-")]
            first = rest[0] if rest else first
        base = os.path.basename(first)
        if not base or not (base.endswith(".sh") or "entrypoint" in base or "start" in base or "run" in base):
            return None
        return _find_in_context(self.context_dir, base)

    # -- privileges (non-root-user refuses on these, in this order) ---------
    @functools.cached_property
    def start_drops_privileges(self) -> Evidence | None:
        """The start command switches user itself (gosu, su-exec, s6 /init...)."""
        for ins, t in self._start_texts:
            m = _DROPS.search(t)
            if m:
                return _ev(ins, f"the entrypoint drops privileges itself ({m.group(0).strip()})")
            if _INIT_ENTRY.match(t):
                return _ev(ins, "the entrypoint is /init (s6-overlay), which manages users itself")
        for ins, t in self._start_texts:
            m = _USER_OPTION.search(t)
            if m and not im.is_root_user(m.group(2)):
                return _ev(ins, f"the program switches to the user {m.group(2)} itself ({m.group(1)} {m.group(2)}), "
                                "which only root may do")
        return None

    @functools.cached_property
    def installs_privilege_dropper(self) -> Evidence | None:
        for st in self.chain:
            for ins in st.instructions:
                t = im.run_text(ins)
                if t and any(w in t for w in _DROPPER_WORDS):  # a plain substring test first: the regex is slow
                    m = _DROPPER_INSTALL.search(t)
                    if m:
                        return _ev(ins, f"the image installs {m.group(1)} to drop privileges in its entrypoint")
        return None

    @functools.cached_property
    def base_drops_privileges(self) -> Evidence | None:
        if self.start[0] is None and im.drops_privileges_itself(self.image):
            return Evidence(0, self.image or "",
                            f"the base image's entrypoint ({self.image}) starts as root and drops privileges itself")
        return None

    @functools.cached_property
    def base_runs_root_daemon(self) -> Evidence | None:
        if all(i is None for i in self.start) and im.root_daemon_image(self.image):
            return Evidence(0, self.image or "",
                            f"the base image's command ({self.image}) is a server that needs root (ports below 1024)")
        return None

    @functools.cached_property
    def script_drops_privileges(self) -> Evidence | None:
        script = self.entry_script
        m = _DROPS.search(script[1]) if script else None
        if script and m:
            return Evidence(0, script[0], f"the entrypoint script drops privileges itself ({m.group(0).strip()})")
        return None

    @functools.cached_property
    def script_needs_root(self) -> Evidence | None:
        script = self.entry_script
        if not script:
            return None
        code = "\n".join(ln for ln in script[1].splitlines() if not ln.lstrip().startswith("#"))
        m = _SCRIPT_NEEDS_ROOT.search(code)
        return Evidence(0, script[0], f"the entrypoint script runs {m.group(1) or m.group(2)}, which needs root") \
            if m else None

    @functools.cached_property
    def start_needs_root(self) -> Evidence | None:
        """The start command runs a daemon or tool that needs root, or a file under /root."""
        for ins, t in self._start_texts:
            m = _NEEDS_ROOT.search(t)
            if m:
                return _ev(ins, f"the command runs {m.group(1)}, which needs root")
            if re.search(r"(?<![\w.-])/root(?:/|$|[\s\"',\]])", t) and self.workdir != "/root":
                return _ev(ins, "the command uses a file under /root, which only root can enter")
        start = self.start[0] or self.start[1]
        prog = _script_path(start) if start is not None else ""
        if re.match(r"(/usr)?(/local)?/sbin/[\w.-]+$", prog):
            return _ev(start, f"the command runs {prog}, a system daemon (sbin), which expects to start as root")  # type: ignore[arg-type]
        return None

    @functools.cached_property
    def stateful_server(self) -> Evidence | None:
        """The start command runs a server that keeps data (couchdb, mongod, kafka...) where
        its installation put it, owned by root."""
        for ins, t in self._start_texts:
            m = _STATEFUL_SERVERS.search(t)
            if m:
                return _ev(ins, f"the command runs {m.group(1)}, a server that keeps its data where its "
                                "installation put it, owned by root")
        return None

    @functools.cached_property
    def start_file_owner_only(self) -> Evidence | None:
        """A RUN chmod that leaves a file the start command runs unreadable or not executable
        for other users (770, 0700, 111): root reads it anyway, an unprivileged USER cannot."""
        texts = [t for _, t in self._start_texts]
        for st in self.chain:
            for ins, view in self.model.stage_runs([st]):
                for c in view.commands():
                    if c.name != "chmod":
                        continue
                    used, mode = _owner_only_paths(c, texts)
                    if used:
                        return _ev(ins, f"the RUN on line {ins.line} runs chmod {mode} {used[0]}, which the start "
                                        "command uses: only its owner (root) may read or run it, not the new USER")
        return None

    @functools.cached_property
    def low_port(self) -> Evidence | None:
        """The first EXPOSEd port below 1024 (its value as expanded)."""
        for st in self.chain:
            for ins in st.instructions:
                if ins.cmd != "EXPOSE":
                    continue
                env = scope_before(self.doc, ins)
                for w in ins.plain_words():
                    v = expand(w.text, env)
                    if v is None:
                        continue
                    m = re.match(r"^(\d+)", v)
                    if m and int(m.group(1)) < 1024:
                        return Evidence(ins.line, v, "a port below 1024: only root may bind it")
        for ins, t in self._start_texts:
            for m in _LISTEN_PORT.finditer(t):
                if 0 < int(m.group(1)) < 1024:
                    return Evidence(ins.line, m.group(1), "the start command listens on a port below 1024: only root "
                                                          "may bind it")
        return None

    @functools.cached_property
    def grants_bind_capability(self) -> Evidence | None:
        for st in self.chain:
            for ins in st.instructions:
                if _SETCAP.search(im.run_text(ins) or ""):
                    return _ev(ins, "setcap cap_net_bind_service lets a non-root user bind ports below 1024")
        return None

    @functools.cached_property
    def low_port_without_capability(self) -> Evidence | None:
        low = self.low_port
        if low is None or self.grants_bind_capability is not None:
            return None
        return Evidence(low.line, low.text,
                        (f"EXPOSE {low.text} is below 1024" if low.reason.startswith("a port") else
                         f"the start command listens on port {low.text} (below 1024)")
                        + " and nothing grants cap_net_bind_service")

    @property
    def privilege_drops(self) -> list[Evidence]:
        """Every way the image switches user itself (all of them computed)."""
        found = (self.start_drops_privileges, self.installs_privilege_dropper, self.base_drops_privileges,
                 self.script_drops_privileges)
        return [e for e in found if e is not None]

    @property
    def root_needs(self) -> list[Evidence]:
        """Every reason the program needs root (all of them computed)."""
        found = (self.base_runs_root_daemon, self.script_needs_root, self.start_needs_root,
                 self.start_file_owner_only, self.low_port_without_capability)
        return [e for e in found if e is not None]

    @functools.cached_property
    def onbuild(self) -> list[Evidence]:
        """ONBUILD triggers of the final stage (a parent stage's fire in its child and are gone)."""
        if self.stage is None:
            return []
        return [_ev(i, "ONBUILD: triggers for the images built FROM this one")
                for i in self.stage.instructions if i.cmd == "ONBUILD"]

    # -- the user ------------------------------------------------------------
    @functools.cached_property
    def running_user(self) -> RunningUser:
        """The USER in force at the end of the final stage (see ``RunningUser``)."""
        if self.stage is None:
            return RunningUser(None, None, None, None)
        val, ins = self.model.user_after(self.stage)
        if val is not None and ins is not None:
            if im.is_root_user(val):
                return RunningUser(val, False, ins, _ev(ins, "USER root: the image runs as root"))
            why = "a variable: not root as written" if "$" in val else "the image runs as a non-root user"
            return RunningUser(val, True, ins, _ev(ins, f"USER {val}: {why}"))
        if im.nonroot_by_default(self.image):
            return RunningUser(None, True, None,
                               Evidence(0, self.image or "", "the base image is known to run as a non-root user"))
        inherited = _sibling_base_user(self) or self._sudo_without_user
        if inherited is not None:
            return RunningUser(None, True, None, inherited)
        return RunningUser(None, None, None, None)

    @functools.cached_property
    def _sudo_without_user(self) -> Evidence | None:
        """A RUN runs sudo and no USER of the file is in force: the base image runs as a non-root
        user that uses sudo (root does not need it)."""
        if not self.image or "$" in self.image or im.split_image(self.image).repo in official_repositories():
            return None  # official images run as root (sudo there is a habit, not a need)
        for ins, view in self.model.stage_runs(self.chain):
            for c in view.commands():
                vals = c.arg_values()
                if c.name == "sudo" and not any(v and (v in ("-u", "--user") or v.startswith(("-u", "--user=")))
                                                for v in vals):
                    return _ev(ins, "a RUN runs sudo with no USER set: the base image runs as a non-root user")
        return None

    @functools.cached_property
    def earlier_nonroot_user(self) -> str | None:
        """A non-root USER set earlier in the final stage, before its last USER (a switch back to root)."""
        user_ins = self.running_user.instruction
        if user_ins is None or not self.chain:
            return None
        val = None
        for ins in self.chain[0].instructions:
            if ins is user_ins:
                break
            if ins.cmd == "USER":
                v = ins.args.strip()
                val = None if im.is_root_user(v) else v
        return val

    # -- accounts -------------------------------------------------------------
    @functools.cached_property
    def packages(self) -> list[tuple[str, Instruction]]:
        """(package, RUN) of every literal package installed in the chain, in file order."""
        return installed_packages(self.model, self.chain)

    @functools.cached_property
    def created_accounts(self) -> list[Account]:
        """Accounts made by useradd/adduser in the RUNs of the stage chain, in file order."""
        return [Account(n, u, "useradd", _ev(ins, f"a RUN creates the account {n}"))
                for n, u, ins in _created(self.doc, self.chain)]

    @functools.cached_property
    def makes_accounts(self) -> Evidence | None:
        """A RUN of the chain runs useradd/adduser/groupadd/addgroup (read or not)."""
        for st in self.chain:
            for ins in st.instructions:
                m = _ACCOUNT_TOOLS.search(im.run_text(ins) or "")
                if m:
                    return _ev(ins, f"a RUN runs {m.group(1)}")
        return None

    @functools.cached_property
    def shipped_account(self) -> Account | None:
        """The application account the base image ships (``node``, ``nonroot``, ``app``...)."""
        shipped = im.shipped_user(self.image) if self.image else None
        if not shipped:
            return None
        ids = SHIPPED_UIDS.get(shipped[0])
        return Account(shipped[0], ids[0] if ids else None, "base image",
                       Evidence(0, self.image or "", f"the base image ships the user {shipped[0]}"),
                       group=shipped[1], gid=ids[1] if ids else None)

    @functools.cached_property
    def package_accounts(self) -> list[Account]:
        """Accounts that the installed packages create (``redis-server`` -> redis)."""
        fam = self.model.family(self.stage) if self.stage is not None else im.UNKNOWN
        fam = im.RHEL if fam in (im.RHEL_MINIMAL, im.AMAZON) else im.DEBIAN if fam == im.UBUNTU else fam
        out: list[Account] = []
        for pkg, ins in self.packages:
            table = _PACKAGE_ACCOUNTS.get(_package_key(pkg))
            if not table:
                continue
            name = table.get(fam) or table.get(None)
            if not name or any(a.name == name for a in out):
                continue
            uid = _DEBIAN_UIDS.get(name) if fam == im.DEBIAN else None
            out.append(Account(name, uid, "package", _ev(ins, f"installing {pkg} creates the account {name}"),
                               package=pkg))
        return out

    @property
    def accounts(self) -> list[Account]:
        """Every account known to exist: shipped by the base image, made by packages, made by RUNs."""
        shipped = [self.shipped_account] if self.shipped_account else []
        return shipped + self.package_accounts + self.created_accounts

    @functools.cached_property
    def installs_shadow_utils(self) -> Evidence | None:
        """A RUN of the chain names shadow-utils (useradd on ubi-minimal and Amazon Linux)."""
        for st in self.chain:
            for ins in st.instructions:
                if re.search(r"(?<![\w-])shadow-utils(?![\w-])", im.run_text(ins) or ""):
                    return _ev(ins, "a RUN installs shadow-utils (useradd)")
        return None

    @functools.cached_property
    def root_home_use(self) -> Evidence | None:
        """The file puts programs or settings in root's home (``/root`` is 0700): an ENV that
        points into it, a RUN that writes root's shell start-up files, ``pip install --user``.
        Another user neither reads them nor has them in its own (empty) home."""
        for st in reversed(self.chain):
            for ins in st.instructions:
                if ins.cmd == "ENV" and _ROOT_PATH.search(ins.args):
                    return _ev(ins, "an ENV points into /root, which only root can enter")
                dest = list(ins.values())[-1:] if ins.cmd in ("COPY", "ADD") else []
                if dest and _HOME_PATH.match(dest[0]):
                    return _ev(ins, f"{ins.cmd} puts files in root's home ({dest[0]}), which only root can enter")
                t = im.run_text(ins)
                if not t:
                    continue
                m = _RC_WRITE.search(t)
                if m:
                    return _ev(ins, f"a RUN writes {m.group(1)}: settings only root's shell reads")
                m = _PIP_USER.search(t)
                if m:
                    return _ev(ins, "a RUN installs with pip --user into root's ~/.local, which another user "
                                    "does not see")
        runs_dart = any(re.search(r"(?<![\w/-])dart[\s\"',]+(run[\s\"',]+)?[\w./-]+\.dart\b", t) for _, t in self._start_texts)
        for ins, view in self.model.stage_runs(self.chain) if runs_dart else ():
            if re.search(r"(?<![\w-])(dart\s+)?pub\s+(get|upgrade)\b", im.run_text(ins) or "") and \
                    "PUB_CACHE" not in (im.run_text(ins) or "") and not any(
                        i.cmd == "ENV" and "PUB_CACHE" in i.args for i in _all_instructions(self)):
                return _ev(ins, "dart pub puts the packages in root's ~/.pub-cache, and the command runs the program "
                                "from source (dart FILE.dart), which reads them from there")
        for ins, view in self.model.stage_runs(self.chain):
            t = im.run_text(ins) or ""
            if re.search(r"(?<![\w/-])julia\b[^\n]*?\bPkg\.(add|instantiate|develop|activate)", t) and \
                    "JULIA_DEPOT_PATH" not in t and not any(
                        i.cmd == "ENV" and "JULIA_DEPOT_PATH" in i.args for i in _all_instructions(self)):
                return _ev(ins, "a RUN installs Julia packages into root's ~/.julia (no JULIA_DEPOT_PATH), where "
                                "another user's julia does not look")
        for ins, t in self._start_texts:
            m = _HOME_TOOLS.search(t)
            if m:
                return _ev(ins, f"the start command runs {m.group(0).strip()}, which keeps its state (toolchains, "
                                "environments, dependencies) in the home of the user who built it: root's")
        for ins, view in self.model.stage_runs(self.chain):
            made = _root_home_made(view)
            if made:
                return _ev(ins, f"a RUN puts {made} in root's home at build time, which another user neither "
                                "reads nor has in its own home")
        return None

    @functools.cached_property
    def build_state(self) -> list[WrittenPath]:
        """Paths the build creates as root that the program probably writes later, so the
        running user must own them and what is inside (``chown -R``): files and directories
        RUNs make in the WORKDIR (touch, mkdir), state directories RUNs make (``/var/lib/x``,
        ``/var/log/x``, ``/data``), and the WORKDIR itself when a RUN creates a database in it."""
        found: dict[str, list[Evidence]] = {}
        for p, ev in _build_time_files(self):
            found.setdefault(p, []).append(ev)
        for p, ev in _made_state_dirs(self):
            found.setdefault(p, []).append(ev)
        for p, ev in self.start_output_dirs[0]:
            found.setdefault(p, []).append(ev)
        return [WrittenPath(p, tuple(evs)) for p, evs in found.items()]

    @property
    def build_state_paths(self) -> list[str]:
        return [w.path for w in self.build_state]

    @functools.cached_property
    def app_state_dirs(self) -> list[WrittenPath]:
        """Directories under the WORKDIR that the application's framework writes at run time and
        that may not exist yet (Rails: ``tmp/`` for pids and caches, ``log/``)."""
        wd = self.workdir
        if not wd or wd == "/":
            return []
        texts = [(i, t) for i, t in self._start_texts]
        texts += [(i, im.run_text(i) or "") for st in self.chain for i in st.instructions if i.cmd == "RUN"]
        for ins, t in texts:
            m = _RAILS.search(t)
            if m:
                rails = "rails" in m.group(0) or "rake" in m.group(0)
                ev = _ev(ins, f"a Rails app ({m.group(0).strip()}) writes tmp/ (pids, caches) and log/"
                              f"{', and storage/ (Active Storage uploads, SQLite databases),' if rails else ''} at run time")
                return [WrittenPath(posixpath.join(wd, d), (ev,)) for d in ("tmp", "log", "storage")[:3 if rails else 2]]
        return []

    # -- written paths ------------------------------------------------------
    @functools.cached_property
    def _workdir_fact(self) -> tuple[str | None, Instruction | None]:
        """The WORKDIR the file sets, in force at the end of the stage (None:
        none set, or unknown), and the WORKDIR instruction in force."""
        if self.stage is None:
            return None, None
        state = self.model.workdir_end_state(self.stage)
        return (state.cwd if state.set_by is not None else None), state.set_by

    @property
    def workdir(self) -> str | None:
        """The final WORKDIR of the chain; None when none is set or it cannot be read."""
        return self._workdir_fact[0]

    @property
    def workdir_instruction(self) -> Instruction | None:
        """The WORKDIR instruction in force at the end of the final stage (None: the base image's),
        also when its path cannot be read (``WORKDIR $ARG``)."""
        return self._workdir_fact[1]

    @functools.cached_property
    def _volume_facts(self) -> list[tuple[str, Instruction]]:
        out: list[tuple[str, Instruction]] = []
        for st in reversed(self.chain):
            for ins in st.instructions:
                if ins.cmd != "VOLUME":
                    continue
                vals = ins.json_values if ins.json and ins.json_values is not None else [w.text for w in ins.plain_words()]
                for v in vals:
                    e = expand(v, scope_before(self.doc, ins))
                    if e and e.startswith("/") and re.fullmatch(r"[A-Za-z0-9_./@+-]+", e):
                        e = im.normpath(e)
                        if e != "/" and all(e != p for p, _ in out):
                            out.append((e, ins))
        return out

    @property
    def volumes(self) -> list[str]:
        """The literal absolute VOLUME paths of the chain (normalised, first stage first)."""
        return [p for p, _ in self._volume_facts]

    @functools.cached_property
    def written_paths(self) -> list[WrittenPath]:
        """Where the program writes: WORKDIR, VOLUMEs, files RUNs create in the WORKDIR,
        redirections of the start command, state directories of installed servers."""
        found: dict[str, list[Evidence]] = {}

        def add(path: str, ev: Evidence) -> None:
            if path:
                found.setdefault(path, []).append(ev)

        wd, wd_ins = self._workdir_fact
        if wd and wd != "/" and wd_ins is not None:
            add(wd, _ev(wd_ins, "WORKDIR: where applications usually write at run time"))
        for p, ins in self._volume_facts:
            add(p, _ev(ins, "VOLUME: data the container writes"))
        for p, ev in _build_time_files(self):
            add(p, ev)
        for ins, t in self._start_texts:
            for m in re.finditer(r"(?<![<&\d])\d?>>?\s*([^\s;&|>\"'\]]+)", t):
                target = m.group(1)
                if target.startswith(("&", "/dev/")) or "$" in target:
                    continue
                path = target if target.startswith("/") else (posixpath.join(wd, target) if wd else None)
                if path:
                    add(im.normpath(path), _ev(ins, f"the start command writes {target}"))
        for p, ev in _state_dirs(self):
            add(p, ev)
        return [WrittenPath(p, tuple(evs)) for p, evs in found.items()]

    # -- how the image is run: host directories mounted into it ----------------
    @functools.cached_property
    def comment_mounts(self) -> list[usage.Mount]:
        """The mounts of the ``docker run`` usage lines in the file's comments."""
        return usage.comment_mounts(self.doc.text, os.path.basename(self.doc.path or "") or "Dockerfile")

    @functools.cached_property
    def bind_mounts(self) -> list[usage.Mount]:
        """The host directories users bind-mount into the container (not named volumes), as the
        file's usage comments and the files around it show (``dockfix.semantic.usage``: compose
        files, READMEs, Makefiles and scripts of its folder and build context)."""
        path = self.doc.path if self.doc.path and self.doc.path != "-" and os.path.isfile(self.doc.path) else None
        names = _sibling_names(path) if path else frozenset()
        found = self.comment_mounts + usage.context_mounts(path, self.context_dir, names)
        return [m for m in found if m.kind == usage.BIND]

    @functools.cached_property
    def bind_mounted_writes(self) -> Evidence | None:
        """A host directory users bind-mount, writable (no ``:ro``) and with no user of their own
        (``--user``, compose ``user:``), on a path the program writes (the WORKDIR, a VOLUME, state
        the model knows) or on a directory above it: the directory keeps its owner on the host.
        The evidence names the file and line of the mount (line 0 when it is not the Dockerfile)."""
        mounts = [m for m in self.bind_mounts if not m.read_only and not m.user_set]
        if not mounts:
            return None
        written = list(self.written_paths) + list(self.build_state) + list(self.app_state_dirs)
        for m in mounts:
            hit = next((w for w in written if usage.covers(m.target, w.path)), None)
            name = m.target.rsplit("/", 1)[-1]
            if hit is not None:
                why = hit.evidence[0].reason if hit.evidence else "the program writes there"
                where = why if hit.path == m.target else f"{hit.path}: {why}"
            elif _STATE_NAMES.fullmatch(name):
                where = f"{name}: a directory or database named for the state a program keeps"
            else:
                continue
            reason = (f"bind-mounts the host directory {m.source} on {m.target}, where the program writes "
                      f"({where})")
            if any(m is c for c in self.comment_mounts):
                return Evidence(m.line, _short(m.text), f"usage: docker run {reason}")
            return Evidence(0, f"{m.file}:{m.line}: {_short(m.text)}", reason)
        return None

    # -- what the program needs that the build left to root (issue 15) --------
    @functools.cached_property
    def start_file_from_url(self) -> Evidence | None:
        """A file the start command runs or reads was fetched by ``ADD <url>``, which gives it
        mode 0600 (root only), and the modes later ``chmod``s (or ``ADD --chmod``) give it do not
        let other users run it (a binary needs o+x) or read it (a script, a jar: o+r)."""
        texts = [t for _, t in self._start_texts]
        if not texts:
            return None
        for st in self.chain:
            for ins in st.instructions:
                if ins.cmd != "ADD":
                    continue
                vals = list(ins.values())
                for src in vals[:-1]:
                    if "://" not in src or src.startswith("git@") or re.search(r"\.(tar(\.\w+)?|tgz|zip)$", src):
                        continue  # (an archive: what the program uses is what a RUN extracts)
                    path = _add_destination(vals[-1], src, self.model.workdir_at(ins))
                    name = path.rstrip("/").rsplit("/", 1)[-1]
                    if not name or not (_names(path, texts) or _names(name, texts) and (
                            posixpath.dirname(path) in _PATH_DIRS or posixpath.dirname(path) == self.workdir)):
                        continue
                    mode = self._mode_after(path, ins, _chmod(0o600, (ins.flag("chmod") or _NO_FLAG).value))
                    binary = "." not in name and "/releases/download/" in src
                    missing = "x" if binary and not mode & 0o001 else "r" if not binary and not mode & 0o004 else None
                    if missing:
                        what = "run" if missing == "x" else "read"
                        return _ev(ins, f"ADD fetches {name} from a URL with mode 0600, and the file's mode at the "
                                        f"end of the build ({mode:o}) does not let other users {what} it; the "
                                        "start command uses it")
        return None

    def _mode_after(self, path: str, after: Instruction, mode: int) -> int:
        """The mode of ``path`` after the RUN chmods that follow ``after`` (by name, or a directory
        above it with -R)."""
        name = path.rstrip("/").rsplit("/", 1)[-1]
        for ins, view in self.model.stage_runs(self.chain):
            if ins.start < after.start and ins.stage is after.stage:
                continue
            for c in view.commands():
                vals = [v for v in c.arg_values() if v is not None]
                if c.name != "chmod" or not vals:
                    continue
                ops = [v for v in vals if not v.startswith("-") or re.fullmatch(r"-[rwxXst]+", v)]
                if len(ops) < 2:
                    continue
                if any(v.rstrip("/").rsplit("/", 1)[-1] == name or path.startswith(v.rstrip("/") + "/")
                       for v in ops[1:]):
                    mode = _chmod(mode, ops[0])
        return mode

    def runs_package(self, acc: Account) -> bool:
        """The start command (or the base image's, when the file sets none) runs the server of the
        package that created ``acc`` (nginx for www-data from nginx, php-fpm, redis-server...)."""
        key = _package_key(acc.package or "")
        stem = {"php-fpm": r"php-fpm", "apache2": r"apache2|apachectl|httpd", "httpd": r"httpd|apachectl",
                "postgresql": r"postgres|pg_ctl", "mysql-server": r"mysqld", "mariadb-server": r"mysqld|mariadbd",
                "redis-server": r"redis-server", "nginx-full": "nginx", "nginx-light": "nginx",
                "nginx-extras": "nginx"}.get(key, re.escape(key.split("-")[0]))
        texts = [t for _, t in self._start_texts]
        return bool(texts) and any(re.search(r"(?<![\w-])(" + stem + r")", t) for t in texts)

    @functools.cached_property
    def base_service_account(self) -> Evidence | None:
        """The base image is an official image that ships the account its program runs as
        (www-data in php, httpd; postgres; redis...), which the image's files are meant for."""
        img = self.image or (self.chain[-1].image if self.chain else None)
        if img and "$" in img:  # php:${VERSION}-fpm: the repository alone is known, which is enough
            repo = re.split(r"[:@]", img, maxsplit=1)[0]
            img = None if "$" in repo else img
            lookup = repo
        else:
            lookup = img or ""
        if not img:
            return None
        acc = _BASE_SERVICE_ACCOUNTS.get(_official_repo(lookup) or "")
        if acc is None:
            return None
        return Evidence(0, img, f"the base image ships the account {acc} for its program")

    @functools.cached_property
    def unknown_base_accounts(self) -> Evidence | None:
        """The base image is a third-party image (not an official one, not one whose family its
        name tells): the accounts it ships, and the files they own, are not known."""
        img = self.image
        if not img or "$" in img:
            return None
        if _official_repo(img) or _VENDOR_BASES.match(img.lower()):
            return None
        return Evidence(0, img, "a third-party base image: which accounts it ships (and owns files as) is not known")

    @functools.cached_property
    def start_builds(self) -> Evidence | None:
        """The start command builds software (make, rpmbuild, mvn...): a build environment,
        run on sources mounted at run time, writing root-owned build trees."""
        for ins, t in self._start_texts:
            m = _START_BUILDS.search(t)
            if m:
                return _ev(ins, f"the start command builds ({m.group(0).strip()})")
        return None

    @functools.cached_property
    def start_dir_unpopulated(self) -> Evidence | None:
        """The start command ``cd``s into a directory nothing in the file creates or fills: a
        directory mounted at run time (the host's files, owned by the host's user)."""
        for ins, t in self._start_texts:
            for m in re.finditer(r"(?<![\w-])cd\s+([\"']?)(/[\w./@+-]*)\1(?=\s*(?:&&|;|\||$|\"|\]))", t):
                d = im.normpath(m.group(2))
                if d != "/" and not self._populates(d):
                    return _ev(ins, f"the start command works in {d}, which nothing in the file creates or fills: "
                                    "a directory mounted at run time")
        return None

    @functools.cached_property
    def start_file_mounted(self) -> Evidence | None:
        """The start command runs a file by a relative path (``python app.py``, ``php artisan``,
        ``./server``) from a WORKDIR that nothing in the file fills (no COPY/ADD into it, no RUN in
        it): the program's files are mounted at run time, owned by the host's user."""
        start = self.start[0] or self.start[1]
        wd, wd_ins = self._workdir_fact
        if start is None or not wd or wd == "/" or wd_ins is None:
            return None
        vals = [v for v in (start.json_values if start.json and start.json_values else start.args.split()) if v]
        key = _program_key(vals)
        if key is None:
            return None
        word = next((v for v in vals if v == key[0] or v.endswith("/" + key[0])), "")
        interpreted = key[0] != os.path.basename(word) or word != vals[0] or bool(
            re.fullmatch(r"(python[\d.]*|node|ruby|php|perl)", os.path.basename(vals[0])))
        if not word or word.startswith(("/", "$", "~", "-")) or not (interpreted or "/" in word):
            return None
        if self._fills(wd):
            return None
        return _ev(start, f"the start command runs {word} from {wd}, which nothing in the file fills: the "
                          "program's files are mounted at run time (owned by the host's user)")

    def _fills(self, d: str) -> bool:
        """Something in the chain may put files in the directory ``d``: a COPY/ADD into it (or a
        folder above or below it), a RUN that names it or its parent, a RUN that runs in it or in a
        folder above it."""
        parent = posixpath.dirname(d.rstrip("/"))
        for st in self.chain:
            for ins in st.instructions:
                if ins.cmd in ("COPY", "ADD"):
                    vals = list(ins.values())
                    dest = vals[-1] if vals else ""
                    full = im.normpath(dest if dest.startswith("/") else
                                       posixpath.join(self.model.workdir_at(ins) or "/", dest))
                    if full != "/" and (_covers_path(full, d) or _covers_path(d, full)):
                        return True
                elif ins.cmd == "RUN":
                    text = im.run_text(ins) or ""
                    cwd = self.model.workdir_at(ins)
                    if d in text or (parent != "/" and parent in text) or cwd is None or \
                            (cwd != "/" and (_covers_path(cwd, d) or _covers_path(d, cwd))):
                        return True
        return False

    def _populates(self, d: str) -> bool:
        """Something in the chain creates or fills the directory ``d`` (a COPY/ADD, a WORKDIR, a
        RUN that names it)."""
        for st in self.chain:
            for ins in st.instructions:
                if ins.cmd in ("COPY", "ADD"):
                    vals = list(ins.values())
                    dest = vals[-1] if vals else ""
                    full = im.normpath(dest if dest.startswith("/") else
                                       posixpath.join(self.model.workdir_at(ins) or "/", dest))
                    if _covers_path(full, d) or _covers_path(d, full):
                        return True
                elif ins.cmd == "WORKDIR":
                    wd = self.model.workdir_after(st) if ins is st.instructions[-1] else None
                    if d in ins.args or (wd and _covers_path(wd, d)):
                        return True
                elif ins.cmd == "RUN" and d in (im.run_text(ins) or ""):
                    return True
        return False

    @functools.cached_property
    def unknown_start_script(self) -> Evidence | None:
        """The start command runs a script whose text is not known (copied from a build
        context that is not at hand, from another stage, or shipped by a base image that is not
        an official one), so what it needs (sshd, mount, chown...) cannot be read.  None when
        the script is read from the context, when a RUN of the file writes it, or when the
        ENTRYPOINT script is followed by a CMD that is plainly a server."""
        entry, cmd = self.start
        ins = entry or cmd
        if ins is None or self.entry_script is not None:
            return None
        name = _script_name(ins)
        if name is None:
            return None
        if entry is not None and cmd is not None and _SERVERS.search(cmd.args) and not _NEEDS_ROOT.search(cmd.args):
            return None
        if self._run_writes(name):
            return None
        copied = self._copied_from(name)
        if copied is None:
            path = _script_path(ins)
            own = ("/" not in path or posixpath.dirname(path) in _PATH_DIRS or posixpath.dirname(path) == "/") \
                and not (self.image and "onbuild" in self.image)
            if own and self.image and "$" not in self.image and _official_repo(self.image):
                return None  # the official image's own script (docker-entrypoint.sh)
            return _ev(ins, f"the start command runs {name}, which the base image ships: what it does is unknown")
        where = "a URL" if any("://" in v for v in copied.values()) else \
            "the build context (not at hand)" if copied.flag("from") is None else "another stage"
        verb = "fetched" if where == "a URL" else "copied"
        return _ev(ins, f"the start command runs {name}, {verb} from {where} on line {copied.line}: what it does "
                        "is unknown")

    def _run_writes(self, name: str) -> bool:
        for _ins, view in self.model.stage_runs(self.chain):
            if any(w.path.rstrip("/").rsplit("/", 1)[-1] == name for w in written_files(view)):
                return True
        return False

    def _copied_from(self, name: str) -> Instruction | None:
        """The COPY/ADD (not from a URL) that brings the file ``name``, or a whole directory that
        may hold it."""
        for st in reversed(self.chain):
            for ins in reversed(st.instructions):
                if ins.cmd not in ("COPY", "ADD"):
                    continue
                vals = list(ins.values())
                srcs = [v for v in vals[:-1] if "://" not in v]
                dest = vals[-1] if vals else ""
                if dest.rstrip("/").rsplit("/", 1)[-1] == name or any(
                        v.rstrip("/").rsplit("/", 1)[-1] in (name, ".", "*") or "." not in v.rsplit("/", 1)[-1]
                        for v in srcs):
                    return ins
        return None

    @functools.cached_property
    def build_initialised_program(self) -> Evidence | None:
        """A RUN of the shipped stages ran the start program to set up its state (``superset db
        upgrade``, ``manage.py migrate``, ``app init``): it wrote that state as root, where the
        program keeps it (often ``$HOME``, which for root is /root); as another user the program
        cannot write it, or does not find it."""
        start = self.start[0] or self.start[1]
        if start is None:
            return None
        program = _program_key(start.json_values if start.json and start.json_values else start.args.split())
        if program is None:
            return None
        for ins, view in self.model.stage_runs(self.chain):
            for c in view.commands():
                run = _program_key([v or "" for v in (c.name, *c.arg_values())])
                if run is not None and run[0] == program[0]:
                    verb = next((w for w in run[1] if not w.startswith("-")), "")
                    if _INIT_VERBS.fullmatch(verb):
                        return _ev(ins, f"the build ran {run[0]} {verb} as root: the state it set up belongs to "
                                        "root (or sits in root's home)")
        return None

    @functools.cached_property
    def group_zero_permissions(self) -> Evidence | None:
        """The build makes paths writable for group 0 (OpenShift's arbitrary uid runs in group
        root): the program expects to run with gid 0, which a new account's own group is not."""
        for ins in _all_instructions(self):
            t = im.run_text(ins)
            found = _group_zero(t) if t and ("chgrp" in t or "chown" in t) else None
            if found:
                return _ev(ins, f"the build gives group 0 write access ({_short(found, 60)}), for a user "
                                "in group root (OpenShift)")
        script = self.build_scripts_text
        found = _group_zero(script[1]) if script else None
        if script and found:
            return Evidence(0, script[0], f"the build script gives group 0 write access ({_short(found, 60)})")
        return None

    @functools.cached_property
    def build_scripts_text(self) -> tuple[str, str] | None:
        """(name, text) of the first build script a shipped RUN runs from the context
        (``RUN /src/install.sh``, ``RUN sh setup.sh``), when it can be read."""
        if not self.context_dir:
            return None
        for _ins, view in self.model.stage_runs(self.chain):
            for c in view.commands():
                vals = [v or "" for v in (c.name, *c.arg_values())]
                script = next((v for v in vals[:2] if v.endswith(".sh")), None)
                if script:
                    text = _find_in_context(self.context_dir, posixpath.basename(script))
                    if text:
                        return text
        return None

    @functools.cached_property
    def cloud_build_step(self) -> Evidence | None:
        """A Google Cloud Build step: it runs on /workspace with HOME=/builder/home, volumes the
        builder mounts root-owned."""
        for ins in _all_instructions(self):
            if ins.cmd in ("ENV", "WORKDIR", "ENTRYPOINT", "CMD", "VOLUME") and re.search(r"/builder/home\b", ins.args):
                return _ev(ins, "a Cloud Build step: /workspace and HOME=/builder/home are root-owned volumes")
            if ins.cmd == "WORKDIR" and re.search(r"^\s*/workspace/?\s*$", ins.args):
                return _ev(ins, "WORKDIR /workspace: a workspace mounted at run time (Cloud Build steps, CI and GPU "
                                "containers mount it root-owned)")
        if self.image and re.search(r"(^|/)cloud-builders?/", self.image):
            return Evidence(0, self.image, "a Cloud Build step: /workspace and HOME=/builder/home are root-owned "
                                           "volumes")
        return None

    @functools.cached_property
    def deliberate_root(self) -> Evidence | None:
        """The final stage's last USER is root and no RUN/COPY/ADD follows it: the author chose root
        for the program itself."""
        user = self.running_user
        ins = user.instruction
        if user.nonroot is not False or ins is None or ins.stage is not self.stage or self.stage is None:
            return None
        after = [i for i in self.stage.instructions if i.start > ins.start]
        if any(i.cmd in ("RUN", "COPY", "ADD") for i in after):
            return None
        return _ev(ins, f"USER {user.value} after the last build step: the author runs the program as root on "
                        "purpose")

    @functools.cached_property
    def start_modifies_files(self) -> Evidence | None:
        """The start command changes files before the program runs (rm, mv, sed -i, chmod...)
        or runs a step that writes into the application (database migrations, collectstatic):
        the build made those files as root."""
        for ins, t in self._start_texts:
            if ins.json and ins.json_values:
                t = " ".join(ins.json_values)  # ["jekyll", "serve"] reads as the command line it runs
            for m in _START_WRITES.finditer(t):
                targets = [a for a in re.split(r"\s+", m.group(2) or "") if a and not a.startswith("-")]
                if targets and all(re.match(r"[\"']?(/tmp/|/var/tmp/|/dev/|~/|\$HOME/|\$\{HOME\}/)", a)
                                   for a in targets):
                    continue
                return _ev(ins, f"the start command runs {m.group(1).strip()}, which changes files the build made "
                                "as root")
            app = _START_APP_WRITES.search(t)
            if app and ("stage/bin/" in app.group(0) or "-Dplay." in app.group(0)):
                return _ev(ins, f"the start command runs {app.group(0).strip()}, a Play application, which writes "
                                "RUNNING_PID into its stage directory the build made as root")
            if app:
                return _ev(ins, f"the start command runs {app.group(0).strip()}, which writes into the "
                                "application's files the build made as root")
        return None

    @functools.cached_property
    def start_outputs(self) -> list[tuple[str, Evidence]]:
        """Files the start command writes by name (``-o FILE``, ``--output``, ``--log-file``,
        ``--pidfile``, redirections), absolute or relative to the WORKDIR."""
        out = []
        for ins, t in self._start_texts:
            for m in _OUTPUT_OPTION.finditer(t):
                v = m.group(2).strip("\"'")
                if "$" in v or v in ("-", "std", "stdout", "stderr") or re.match(r"/(tmp|var/tmp|dev)(/|$)", v):
                    continue
                if not v.startswith("/") and self.workdir is None and self.workdir_instruction is not None:
                    continue  # (in the WORKDIR a build argument decides: it is chowned as `.`)
                path = v if v.startswith("/") else posixpath.join(self.workdir or "/", v)
                out.append((im.normpath(path), _ev(ins, f"the start command writes {v} ({m.group(1)})")))
        return out

    @functools.cached_property
    def start_output_dirs(self) -> tuple[list[tuple[str, Evidence]], list[tuple[str, Evidence]]]:
        """(directories a RUN made that the start command writes files in: the user must own
        them; the outputs in other directories that are not the WORKDIR, a VOLUME or /tmp)."""
        own: list[tuple[str, Evidence]] = []
        other: list[tuple[str, Evidence]] = []
        for path, ev in self.start_outputs:
            d = posixpath.dirname(path)
            if re.match(r"/(tmp|var/tmp|dev)(/|$)", d) or (self.workdir not in (None, "/") and d == self.workdir) \
                    or any(_covers_path(v, d) for v in self.volumes):
                continue
            (own if self._made_by_mkdir(d) else other).append((d if self._made_by_mkdir(d) else path, ev))
        return own, other

    @property
    def start_writes_root_owned(self) -> Evidence | None:
        """The first file the start command writes in a directory the build leaves to root."""
        for path, ev in self.start_output_dirs[1]:
            if not any(_covers_path(w, path) for w in self.build_state_paths):
                return Evidence(ev.line, ev.text, f"{ev.reason} in {posixpath.dirname(path)}, which the build "
                                                  "leaves to root")
        return None

    @functools.cached_property
    def workdir_trees(self) -> list[tuple[str, Evidence]]:
        """Trees a RUN extracts into the WORKDIR (unzip -d, tar -x -C): a packaged program with
        its configuration files, which it may rewrite; root-owned."""
        wd = self.workdir
        if not wd or wd == "/" or self.stage is None:
            return []
        out = []
        for ins, view in self.model.stage_runs(self.stage):
            here = self.model.workdir_at(ins) or "/"
            for w in written_files(view):
                path = im.normpath(w.path if w.path.startswith("/") else posixpath.join(here, w.path))
                if w.tree and not w.how.startswith("git ") and _covers_path(wd, path):
                    out.append((path, _ev(ins, f"a RUN extracts files into {path} as root ({_short(w.how, 60)})")))
                elif w.tree and not w.how.startswith("git ") and _covers_path(path, wd) and \
                        self.workdir_instruction is not None and not _copies_into(self, wd, self.workdir_instruction) \
                        and not self._made_by_mkdir(wd):
                    out.append((wd, _ev(ins, f"a RUN extracts files into {path} as root ({_short(w.how, 60)}), which "
                                             f"is where the WORKDIR {wd} comes from")))
        out.extend(self._copied_trees(wd))
        return out

    def _copied_trees(self, wd: str) -> Iterator[tuple[str, Evidence]]:
        """COPY --from=STAGE into the WORKDIR of a tree a RUN of that stage extracted."""
        assert self.stage is not None
        for ins in self.stage.instructions:
            flag = ins.flag("from") if ins.cmd == "COPY" else None
            src_stage = self.doc.stage_named(flag.value or "") if flag is not None else None
            if src_stage is None:
                continue
            vals = list(ins.values())
            dest = vals[-1] if vals else ""
            full = im.normpath(dest if dest.startswith("/") else posixpath.join(self.model.workdir_at(ins) or "/", dest))
            if not (_covers_path(wd, full) or _covers_path(full, wd)):
                continue
            for run, view in self.model.stage_runs(self.model.chain(src_stage)):
                here = self.model.workdir_at(run) or "/"
                for w in written_files(view):
                    tree = im.normpath(w.path if w.path.startswith("/") else posixpath.join(here, w.path))
                    src = [im.normpath(v if v.startswith("/") else posixpath.join(
                        self.model.workdir_after(src_stage) or "/", v)) for v in vals[:-1]]
                    if w.tree and not w.how.startswith("git ") and any(_covers_path(tree, v) for v in src):
                        yield full, _ev(ins, f"copies into {full} the tree stage '{src_stage.name}' extracted as root "
                                             f"({_short(w.how, 60)})")
                        break

    def _made_by_mkdir(self, d: str) -> bool:
        return any(c.name == "mkdir" and any(v and im.normpath(v) == d for v in c.arg_values())
                   for _ins, view in self.model.stage_runs(self.chain) for c in view.commands())

    @functools.cached_property
    def intended_owner(self) -> Evidence | None:
        """A RUN of the final stage gives files to a numeric non-root owner (``chown -R 1000:2000
        /code/media``): the author means the program to run as that user."""
        if self.stage is None:
            return None
        for ins, view in self.model.stage_runs(self.stage):
            for c in view.commands():
                if (c.name or "").rsplit("/", 1)[-1] != "chown":
                    continue
                owner = next((v for v in c.arg_values() if v and not v.startswith("-")), None)
                if owner and re.fullmatch(r"[1-9]\d*(:\d+)?", owner):
                    return _ev(ins, f"a RUN gives files to {owner}: the program is meant to run as that user")
        return None

    @functools.cached_property
    def copied_database(self) -> Evidence | None:
        """A COPY/ADD brings a database file (db.sqlite3, *.db) into the image, root-owned: the
        program writes it."""
        for ins in _all_instructions(self):
            if ins.cmd in ("COPY", "ADD") and ins.flag("chown") is None:
                for v in list(ins.values())[:-1]:
                    if re.search(r"\.(sqlite3?|db)$", v):
                        return _ev(ins, f"copies the database {v} root-owned; the program writes it")
        whole = next((i for i in _all_instructions(self) if i.cmd in ("COPY", "ADD") and i.flag("chown") is None
                      and i.flag("from") is None and any(v in (".", "./", "*") for v in list(i.values())[:-1])), None)
        if whole is None:
            return None
        at_hand = bool(self.context_dir) and os.path.isfile(os.path.join(self.context_dir or "", "manage.py"))
        found = _context_database(self.context_dir) if self.context_dir else None
        if found:
            return Evidence(0, found, f"the build context holds the database {found}, which COPY copies "
                                      "root-owned; the program writes it")
        django = next((i for i, t in self._start_texts if re.search(r"(?<![\w-])manage\.py\b", t)), None)
        if django is not None and not at_hand:
            return _ev(whole, "a Django app copied with its whole build context (not at hand): its SQLite database "
                              "(db.sqlite3) and media files, if the context has them, would be root-owned")
        return None

    # -- the role -------------------------------------------------------------
    @functools.cached_property
    def roles(self) -> dict[str, tuple[Evidence, ...]]:
        """Every role with evidence, and that evidence (roles without evidence left out)."""
        found = {
            BASE: tuple(_base_evidence(self)),
            PRIVILEGED: tuple(_privileged_evidence(self)),
            SERVICE: tuple(_service_evidence(self)),
            TOOL: tuple(_tool_evidence(self)),
            BUILD_ENV: tuple(_build_env_evidence(self)),
        }
        return {k: v for k, v in found.items() if v}

    @functools.cached_property
    def role(self) -> str:
        """The role that decides, or ``unknown``.  A base image said so
        (ONBUILD, a comment, a generated file, a sibling built FROM it) wins;
        then a privileged tool, a service, a command-line tool (not for
        its ENTRYPOINT alone: services have one too); a build
        environment only when nothing else starts (no command, or a shell); a
        base image for the sole reason that there is no CMD/ENTRYPOINT last."""
        found = self.roles
        base = found.get(BASE, ())
        if any(e.reason != _NO_START for e in base):
            return BASE
        if any(e.reason == _DEVCONTAINER for e in found.get(BUILD_ENV, ())):
            return BUILD_ENV
        if PRIVILEGED in found:
            return PRIVILEGED
        entry, cmd = self.start
        if (cmd is not None and _SHELLS.match(cmd.args)) or (
                entry is not None and _SHELLS.match(entry.args) and cmd is None):
            return BUILD_ENV  # a shell is all it starts: an interactive environment, whatever it EXPOSEs
        if self.start_builds is not None:
            return BUILD_ENV  # the start command builds: sources mounted at run time, root-owned build trees
        started = any(i is not None for i in self.start)
        if SERVICE in found and (started or any(e.reason.startswith("no CMD") for e in found[SERVICE])):
            return SERVICE  # (EXPOSE alone, with no command, is no program: images are built FROM it)
        if TOOL in found:  # (no service evidence: a program docker run's arguments go to is a tool)
            return TOOL
        if BUILD_ENV in found and entry is None and (cmd is None or _SHELLS.match(cmd.args)):
            return BUILD_ENV
        return BASE if base else UNKNOWN

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """The evidence for ``role`` (empty when it is unknown)."""
        return self.roles.get(self.role, ())


@dataclass(frozen=True)
class _NoFlag:
    value: str | None = None


_NO_FLAG = _NoFlag()
# builders a start command runs: the image is a build environment for mounted sources
_START_BUILDS = re.compile(
    r"(?<![\w./-])(make|gmake|rpmbuild|dpkg-buildpackage|debuild|mock|cmake|ninja|scons|autoreconf|\./configure|"
    r"mvn|gradle|ant|bazel|cargo\s+build|go\s+build|npm\s+run\s+build|yarn\s+build|mkdocs\s+build|"
    r"jekyll\s+build|hugo)(?![\w.-])")
# commands of a start command that change files, and what follows them (up to the next operator)
_START_WRITES = re.compile(
    r"(?<![\w./-])(rm|mv|cp|chmod|ln|touch|truncate|sed\s+(?:-\w+\s+)*-i\w*|perl\s+-\w*i\w*|tee)"
    r"(?![\w.-])((?:\s+[^\s;&|)\]\"]+)*)")
_START_APP_WRITES = re.compile(r"manage\.py\s+(migrate|collectstatic|syncdb|compilemessages)|"
                               r"\b(rake|rails)\s+(db:\w+|assets:precompile)|\bflask\s+db\s+upgrade|"
                               r"\balembic\s+upgrade|\bnpm\s+run\s+(build|migrate)\b|\bprisma\s+migrate\b|"
                               # site generators and dev servers render into the project they serve
                               # (jekyll's _site and .jekyll-cache, hugo's public/ and lock, .next, .nuxt)
                               r"\bjekyll\s+(serve|s|server|build|b)\b|\bhugo(\s+(server|serve))?(\s|$)|"
                               r"\bmiddleman\s+(server|build)\b|\bgatsby\s+(develop|build)\b|\b(next|nuxt)\s+(dev|build)\b|"
                               r"\b(npm|yarn|pnpm)\s+(run\s+)?dev\b|\bng\s+serve\b|"
                               # a Play application writes RUNNING_PID into its stage directory
                               r"(?:target/universal/)?stage/bin/[\w.-]+|-Dplay\.[\w.]+")
_SCRIPT_NAME = re.compile(r"\.(sh|bash)$|entrypoint|^(start|startup|boot|launch)([._-]|$)")


_OUTPUT_OPTION = re.compile(r"(?:^|[\s\[,])[\"']?(-o|--output|--out|--log-file|--logfile|--pidfile|--pid-file|"
                            r"-P|>>?)[\"']?(?:=|,\s*|\s+)[\"']?([^\s\"',\]]+)")
def _official_repo(image: str) -> str | None:
    """The Official Image an image name is (``python``, ``library/python``, or a mirror of it on another
    registry: ``localhost/debian``, ``registry:5000/library/python``), or None."""
    repo = im.split_image(image).repo
    parts = repo.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
    name = "/".join(parts).removeprefix("library/")
    return name if "/" not in name and name in official_repositories() else None


_LAUNCHER_NAMES = {"tini", "dumb-init", "tini-static", "catatonit", "s6-svscan", "gosu"}
_PATH_DIRS = {"/usr/local/bin", "/usr/local/sbin", "/usr/bin", "/usr/sbin", "/bin", "/sbin"}


def _chmod(mode: int, spec: str | None) -> int:
    """The mode ``chmod spec`` gives a regular file of mode ``mode`` (umask 022; an unreadable
    spec leaves it unchanged)."""
    if not spec:
        return mode
    if re.fullmatch(r"[0-7]{1,4}", spec):
        return int(spec, 8) & 0o7777
    for part in spec.split(","):
        m = re.fullmatch(r"([ugoa]*)([-+=])([rwxXst]*)", part)
        if not m:
            return mode
        who, op, perms = m.groups()
        bits = sum({"r": 4, "w": 2, "x": 1, "X": 1 if mode & 0o111 else 0}.get(p, 0) for p in perms)
        mask = 0
        for w in who or "a":
            mask |= {"u": 0o700, "g": 0o070, "o": 0o007, "a": 0o777}[w]
        val = (bits * 0o111) & mask
        if not who:
            val &= ~0o022  # the umask applies when no one is named
        if op == "+":
            mode |= val
        elif op == "-":
            mode &= ~val
        else:
            mode = (mode & ~mask) | val
    return mode


def _add_destination(dest: str, src: str, cwd: str | None) -> str:
    """Where ``ADD src dest`` puts a URL's file."""
    name = src.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    path = dest.rstrip("/") + "/" + name if dest.endswith("/") or dest in (".", "./") else dest
    return im.normpath(path if path.startswith("/") else posixpath.join(cwd or "/", path))


def _names(name: str, texts: list[str]) -> bool:
    return any(re.search(r"(?<![\w.-])" + re.escape(name) + r"(?![\w.-])", t) for t in texts)


def _covers_path(outer: str, path: str) -> bool:
    return path == outer or path.startswith(outer.rstrip("/") + "/")


def _script_path(ins: Instruction) -> str:
    """The first word of a start command (``sh``/``tini`` launchers skipped)."""
    vals = ins.json_values if ins.json and ins.json_values else ins.args.split()
    rest = [v for v in vals[1:] if not v.startswith("-")] if vals and vals[0] in _LAUNCHERS else []
    first = rest[0] if rest else (vals[0] if vals else "")
    return first.split()[0] if first.split() else ""


def _script_name(ins: Instruction) -> str | None:
    """The file name of the script a start command runs (a launcher such as ``sh -c`` or tini
    skipped), when it looks like one (``*.sh``, ``entrypoint``, ``start...``, ``run...``)."""
    vals = ins.json_values if ins.json and ins.json_values else ins.args.split()
    if not vals:
        return None
    first = vals[0]
    if first in _LAUNCHERS and len(vals) > 1:
        rest = [v for v in vals[1:] if not v.startswith("-")]
        if not rest:
            return None
        first = rest[0]
        if vals[1] == "-c" or "-c" in vals[1:3]:
            first = first.split()[0] if first.split() else first
    if "$" in first:
        return None
    base = os.path.basename(first)
    return base if base and _SCRIPT_NAME.search(base) else None


# tools a start command runs that keep what the build installed in $HOME (~/.stack, ~/.cabal, poetry's
# and pipenv's environments, ~/.m2, ~/.gradle, ~/.ivy2/~/.sbt, ~/.lein, ~/.cargo)
_HOME_TOOLS = re.compile(r"(?<![\w./-])(stack\s+(?:--[\w-]+\s+)*(exec|run)|cabal\s+(v2-)?(run|exec)|poetry\s+run|"
                         r"pipenv\s+run|mvn\s|gradle\s|\./gradlew\s|sbt\s|lein\s+(run|ring)|cargo\s+run|mix\s+(run|phx))")
_HOME_PATH = re.compile(r"^((~|\$HOME|\$\{HOME\}|/root)/(?!\.cache(/|$))\S|/\.\w)")  # (/.vnc: HOME=/)


def _root_home_made(view: ShellView) -> str | None:
    """What a RUN makes in root's home (``mkdir -p ~/.config/x``, ``git config --global``, a
    redirection or download into ``/root/...``); caches (``~/.cache``) aside."""
    for c in view.commands():
        base = (c.name or "").rsplit("/", 1)[-1]
        vals = c.arg_values()
        if base == "git" and "config" in vals[:3] and "--global" in vals:
            return "~/.gitconfig (git config --global)"
        if base == "composer" and "global" in vals[:2]:
            return "~/.composer (composer global)"
        if base in ("mkdir", "touch", "ln", "cp", "install"):
            texts = [w.text for w in c.args]
            hit = next((t for t in (texts[-1:] if base in ("ln", "cp", "install") else texts)
                        if _HOME_PATH.match(t)), None)
            if hit:
                return hit
    for w in written_files(view):
        if _HOME_PATH.match(w.path):
            return w.path
    return None


def _context_database(root: str) -> str | None:
    """The first database file (``*.sqlite3``, ``db.sqlite``...) in the top two levels of the build
    context, relative to it."""
    if not os.path.isdir(root):
        return None
    try:
        for entry in sorted(os.listdir(root))[:_CONTEXT_SCAN_LIMIT]:
            if re.search(r"\.sqlite3?$", entry) or entry in ("db.sqlite", "database.db"):
                return entry
    except OSError:
        return None
    return None


_NO_START = "no CMD or ENTRYPOINT: images are built FROM it, or run with a command given"
_DEVCONTAINER = "a dev container: an editor runs it, as the user its devcontainer.json names"
_DEVCONTAINER_IMAGES = re.compile(r"^mcr\.microsoft\.com/(vscode/)?devcontainers/")


def context_file(context_dir: str | None, name: str) -> tuple[str, str] | None:
    """(path relative to the context, text) of the first file called ``name`` in the build
    context (a bounded walk), or None: no context, or no such file."""
    return _find_in_context(context_dir, name) if context_dir else None


def _find_in_context(root: str, base: str) -> tuple[str, str] | None:
    """(name, text) of the first file called ``base`` in the build context (a bounded walk)."""
    if not os.path.isdir(root):
        return None
    n = 0
    for dirpath, dirnames, files in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".git", "node_modules", ".venv", "vendor")]
        n += len(files)
        if n > _CONTEXT_SCAN_LIMIT:
            return None
        if base in files:
            try:
                from dockfix.syntax.regular import read_regular

                return base, read_regular(os.path.join(dirpath, base), head=65536).decode("utf-8", "replace")
            except OSError:
                return None
    return None


def _owner_only_paths(c: SimpleCommand, texts: list[str]) -> tuple[list[str], str | None]:
    """The paths of a ``chmod`` to an owner-only mode (770, 0700, 111) that ``texts`` use, and the mode."""
    vals = [w.value for w in c.argv[1:]]
    mode = next((v for v in vals if v is not None and not v.startswith("-")), None)
    if mode is None or not re.fullmatch(r"0?[0-7]?[0-7]{2}[0-3]", mode):
        return [], None
    paths = [v if v is not None else "?" for v in vals[vals.index(mode) + 1:] if v is None or not v.startswith("-")]
    used = [v for v in paths if v.rstrip("/").rsplit("/", 1)[-1] and
            any(re.search(r"(?<![\w.-])" + re.escape(v.rstrip("/").rsplit("/", 1)[-1]) + r"(?![\w.-])", t)
                for t in texts)]
    return used, mode


_MIGRATIONS = re.compile(r"manage\.py\s+(migrate|syncdb)|\b(rake|rails)\s+db:(migrate|setup|create)|"
                         r"\bflask\s+db\s+upgrade|\balembic\s+upgrade|\bsqlite3?\b|"
                         r"(?<![\w/-])[\w.-]+\.(db|sqlite3?)(?![\w.-])")
# directories where programs keep state; a RUN that makes one leaves it root-owned
_STATE_PREFIX = re.compile(r"^/(var/(lib|log|cache|run|spool)|run|data|srv|opt/[^/]+/(data|logs?|tmp|cache))(/|$)")


def _made_state_dirs(r: Roles) -> Iterator[tuple[str, Evidence]]:
    """Absolute directories that RUNs of the final stage make with mkdir under a state
    prefix (``/var/lib/app``, ``/var/log/app``, ``/data``)."""
    if r.stage is None:
        return
    for ins, view in r.model.stage_runs(r.stage):
        for c in view.commands():
            if c.name == "touch":  # a file the command is pointed at (a pid file, a log)
                for v in c.arg_values():
                    if v and re.fullmatch(r"/[\w.@+-]+(/[\w.@+-]+)+", v) and _used_at_run_time(r, im.normpath(v)):
                        yield im.normpath(v), _ev(ins, f"a RUN creates {v}, which the command names, owned by root")
            if c.name != "mkdir":
                continue
            for v in c.arg_values():
                if v and v.startswith("/") and not _STATE_PREFIX.match(v) and re.fullmatch(r"/[\w.@+-]+(/[\w.@+-]+)*/?", v) \
                        and _used_at_run_time(r, im.normpath(v)):
                    yield im.normpath(v), _ev(ins, f"a RUN makes {im.normpath(v)}, which the program is pointed at "
                                                   "(ENV or its command), owned by root")
                elif v and v.startswith("/") and _STATE_PREFIX.match(v) and re.fullmatch(r"[\w./@+-]+", v):
                    path = im.normpath(v)
                    if path.count("/") >= 2 or path in ("/data", "/srv"):
                        yield path, _ev(ins, f"a RUN makes the state directory {path} at build time, owned by root")


# official images that ship the account their program runs as (not as their USER)
_BASE_SERVICE_ACCOUNTS = {"php": "www-data", "wordpress": "www-data", "drupal": "www-data", "joomla": "www-data",
                          "nextcloud": "www-data", "matomo": "www-data", "mediawiki": "www-data", "httpd": "www-data",
                          "nginx": "nginx", "postgres": "postgres", "mysql": "mysql", "mariadb": "mysql",
                          "redis": "redis", "mongo": "mongodb", "rabbitmq": "rabbitmq", "memcached": "memcache",
                          "cassandra": "cassandra", "haproxy": "haproxy", "solr": "solr", "tomcat": "tomcat",
                          "gradle": "gradle"}
# vendors' OS and runtime images (whose accounts images.py knows, or which ship none)
_VENDOR_BASES = re.compile(r"(docker\.io/library/|mcr\.microsoft\.com/|gcr\.io/distroless/|registry\.access\.redhat\.com/|"
                           r"registry\.redhat\.io/|quay\.io/centos/|public\.ecr\.aws/(amazonlinux|docker/library)/|"
                           r"launcher\.gcr\.io/google/(debian|ubuntu)|gcr\.io/google[-_]appengine/(debian|ubuntu)|"
                           r"cgr\.dev/chainguard/|redhat/ubi|rockylinux/|almalinux/|oraclelinux|opensuse/|fedora)")


_PATH_LISTS = {"PATH", "LD_LIBRARY_PATH", "PYTHONPATH", "CLASSPATH", "NODE_PATH", "PERL5LIB", "GOPATH", "MANPATH",
               "PKG_CONFIG_PATH", "RUBYLIB", "JAVA_HOME", "HOME", "GEM_HOME", "CARGO_HOME", "RUSTUP_HOME"}


def _used_at_run_time(r: Roles, path: str) -> bool:
    """An ENV value or the start command names ``path`` (the program is pointed at it)."""
    if path in ("/tmp", "/usr", "/opt", "/etc", "/var", "/home", "/srv"):
        return False
    # the path itself as a word of the command (not a file under it: that one is read or run)
    pat = re.compile(r"(?<![\w./-])" + re.escape(path) + r"/?(?=$|[\s\"',;\]])")
    if any(pat.search(t) for _, t in r._start_texts):
        return True
    for ins in _all_instructions(r):  # an ENV whose whole value is the path (not PATH-like lists)
        if ins.cmd == "ENV" and any(k not in _PATH_LISTS and v.strip("\"'").rstrip("/") == path
                                    for k, v in env_pairs(ins.args, ins.doc.escape)):
            return True
    return False


def _read_by_later_run(r: Roles, name: str, after: Instruction) -> bool:
    """A RUN after ``after`` names the file ``name``: a build input (a downloaded installer), not
    the program's state."""
    pat = re.compile(r"(?<![\w.-])" + re.escape(name) + r"(?![\w.-])")
    return any(ins.start > after.start and pat.search(im.run_text(ins) or "")
               for ins, _view in r.model.stage_runs(r.chain))


def _filled_later(r: Roles, d: str, after: Instruction) -> bool:
    """A COPY/ADD after ``after`` puts files into the directory ``d``: sources, not state (a
    ``chown -R`` there would copy them, and what the build makes of them, into a new layer)."""
    for ins in _all_instructions(r):
        if ins.cmd not in ("COPY", "ADD") or ins.start < after.start or ins.stage is not after.stage:
            continue
        vals = list(ins.values())
        dest = vals[-1] if vals else ""
        full = im.normpath(dest if dest.startswith("/") else posixpath.join(r.model.workdir_at(ins) or "/", dest))
        if _covers_path(d, full):
            return True
    return False


def _build_time_files(r: Roles) -> Iterator[tuple[str, Evidence]]:
    """Files and directories that RUNs after the last WORKDIR create in it (touch, mkdir,
    sqlite3, database migrations): root-owned state the program may write later."""
    wd, wd_ins = r._workdir_fact
    if not wd or wd == "/" or wd_ins is None or r.stage is None or wd_ins.stage is not r.stage:
        return  # (WORKDIR / is no application folder: everything is under it)
    for ins, view in r.model.stage_runs(r.stage):
        if ins.start < wd_ins.start:
            continue
        cmds = view.commands()
        if any(c.name == "cd" for c in cmds):
            continue  # the cwd moves: paths are not relative to the WORKDIR any more
        for c in cmds:
            if c.name in ("touch", "mkdir"):
                for v in c.arg_values():
                    if v and not v.startswith("-"):
                        path = im.normpath(v if v.startswith("/") else posixpath.join(wd, v))
                        if path.startswith(wd.rstrip("/") + "/") and not (
                                c.name == "mkdir" and _filled_later(r, path, ins)):
                            yield path, _ev(ins, f"a RUN creates {v} in the WORKDIR at build time, owned by root")
        # (not in what a package manager installs: `apt-get install sqlite3` creates no database)
        texts = (" ".join(w.text for w in c.argv) for c in cmds if (c.name or "").rsplit("/", 1)[-1] not in _PM_INSTALL)
        m = next((found for found in map(_MIGRATIONS.search, texts) if found), None)
        if m:
            yield wd, _ev(ins, f"a RUN creates a database in the WORKDIR at build time ({m.group(0).strip()})")
    start = r.start[0] or r.start[1]
    script = _script_name(start) if start is not None else None  # (the program's code, not its state)
    for ins, view in r.model.stage_runs(r.stage):
        here = r.model.workdir_at(ins) or "/"
        for w in written_files(view):
            path = im.normpath(w.path if w.path.startswith("/") else posixpath.join(here, w.path))
            name = path.rsplit("/", 1)[-1]
            if not w.tree and path.startswith(wd.rstrip("/") + "/") and re.fullmatch(r"[\w./@+-]+", path) and \
                    name != script and not _read_by_later_run(r, name, ins):
                yield path, _ev(ins, f"a RUN writes {w.path} in the WORKDIR at build time ({_short(w.how, 60)}), "
                                     "owned by root")


def _state_dirs(r: Roles) -> Iterator[tuple[str, Evidence]]:
    """The state directories of the servers installed, or of the base image's server."""
    for pkg, ins in r.packages:
        server = _PACKAGE_STATE.get(_package_key(pkg))
        for d in _STATE_DIRS.get(server or "", ()):
            yield d, _ev(ins, f"{pkg} keeps its state in {d}")
    if r.image and "$" not in r.image:
        repo = im.split_image(r.image).repo
        dirs = _REDIS_IMAGE_STATE if repo == "redis" else _STATE_DIRS.get(_IMAGE_STATE.get(repo, ""), ())
        for d in dirs:
            yield d, Evidence(0, r.image, f"the base image's server keeps its state in {d}")


def _all_instructions(r: Roles) -> Iterator[Instruction]:
    for st in reversed(r.chain):
        yield from st.instructions


def _service_evidence(r: Roles) -> Iterator[Evidence]:
    for ins in _all_instructions(r):
        if ins.cmd == "EXPOSE":
            yield _ev(ins, "EXPOSE: the program listens on a port")
        elif ins.cmd == "HEALTHCHECK" and ins.args.strip().upper() != "NONE":
            yield _ev(ins, "HEALTHCHECK: a long-running process is probed")
    for ins, t in r._start_texts:
        m = _SERVERS.search(t)
        if m:
            yield _ev(ins, f"the start command runs a server ({m.group(0).strip()})")
    image = r.image or ""
    if all(i is None for i in r.start) and "$" not in image and image and (
            im.root_daemon_image(image) or im.drops_privileges_itself(image)
            or im.split_image(image).repo in _IMAGE_STATE or im.split_image(image).repo == "redis"):
        yield Evidence(0, image, "no CMD or ENTRYPOINT: the base image's command is a server")


def _program_key(vals: list[str]) -> tuple[str, list[str]] | None:
    """What a command line runs, to compare a RUN with the start command: (the program's name,
    or for an interpreter the script it runs (``manage.py``); the words after it); None for
    shells, launchers and package managers."""
    vals = [v for v in vals if v]
    while vals and (vals[0] in _LAUNCHERS or os.path.basename(vals[0]) in _LAUNCHER_NAMES or vals[0] == "exec"):
        vals = [v for v in vals[1:] if not v.startswith("-")]
    words = vals[0].split() if vals else []
    if not words:
        return None
    prog = os.path.basename(words[0])
    if prog == "bundle" and vals[1:2] == ["exec"]:
        return _program_key(vals[2:])
    if re.fullmatch(r"(python[\d.]*|node|ruby|php|perl|java)", prog):
        k = next((k for k, v in enumerate(vals[1:], 1) if not v.startswith("-")), None)
        if k is None or vals[k - 1] in ("-m", "-jar", "-c", "-e"):
            return None
        return os.path.basename(vals[k]), vals[k + 1:]
    if _NOT_TOOLS.search(prog) or prog in _PACKAGE_TOOLS:
        return None
    return prog, vals[1:]


def _start_program(ins: Instruction) -> str | None:
    """The program an ENTRYPOINT/CMD runs (a launcher such as tini or ``sh -c`` skipped)."""
    vals = ins.json_values if ins.json else ins.args.split()
    if not vals:
        return None
    rest = [v for v in vals[1:] if not v.startswith("-")] if vals[0] in _LAUNCHERS else []
    first = rest[0] if rest else vals[0]
    return first.split()[0] if first.split() else None


def _tool_evidence(r: Roles) -> Iterator[Evidence]:
    entry, cmd = r.start
    prog = _start_program(entry) if entry is not None else None
    if entry is not None and prog and not _NOT_TOOLS.search(prog) and not _SERVERS.search(entry.args):
        yield _ev(entry, f"ENTRYPOINT runs {os.path.basename(prog)}: docker run's arguments go to a program")
    vals = (entry.json_values if entry.json else entry.args.split()) if entry is not None else None
    if entry is not None and vals and re.fullmatch(r"(python[\d.]*|node|ruby|perl|php|java|Rscript|bash|sh)",
                                                   os.path.basename(vals[0])) and \
            not _SERVERS.search(entry.args) and any(not v.startswith("-") for v in vals[1:]) and \
            "-c" not in vals[1:2]:
        yield _ev(entry, f"ENTRYPOINT runs {' '.join(vals[:3])}: docker run's arguments go to a program")
    if entry is not None and vals and re.fullmatch(r"(python[\d.]*|pypy[\d.]*|node|ruby|perl|php|Rscript|julia)",
                                                   os.path.basename(vals[0])) and \
            all(v.startswith("-") for v in vals[1:]) and "-c" not in vals[1:] and "-m" not in vals[1:] and \
            (cmd is None or ((cmd.json_values if cmd.json else cmd.args.split()) or ["-"])[0].startswith("-")):
        yield _ev(entry, f"the ENTRYPOINT is the {os.path.basename(vals[0])} interpreter alone and no CMD names a "
                         "script: docker run names one, which works on the user's files")
    if entry is not None and prog and _CLI_TOOLS.fullmatch(os.path.basename(prog)):
        yield _ev(entry, f"the ENTRYPOINT is {os.path.basename(prog)}, a command-line tool that works on the "
                         "files it is given (a mounted directory)")
    if entry is not None and cmd is not None:
        vals = cmd.json_values if cmd.json else cmd.args.split()
        if vals and vals[0].startswith("-"):
            yield _ev(cmd, f"CMD gives default options to the ENTRYPOINT ({vals[0]})")
    wd, wd_ins = r._workdir_fact
    if wd and wd_ins is not None and _DATA_DIRS.match(wd) and not _copies_into(r, wd, wd_ins):
        yield _ev(wd_ins, f"WORKDIR {wd} with nothing copied into it: a directory for the user's files")
    lines: set[int] = set()
    for m in r.comment_mounts:
        if m.kind == usage.BIND and (m.cwd or "--mount" in m.text) and m.line not in lines:
            lines.add(m.line)
            yield Evidence(m.line, _short(r.doc.text.splitlines()[m.line - 1]),
                           "usage: docker run mounts the user's directory")


def _copies_into(r: Roles, wd: str, after: Instruction) -> bool:
    """A COPY/ADD after ``after`` writes into ``wd`` (relative destinations included)."""
    for ins in _all_instructions(r):
        if ins.cmd not in ("COPY", "ADD") or ins.start < after.start or ins.stage is not after.stage:
            continue
        vals = ins.json_values if ins.json and ins.json_values else [w.text for w in ins.plain_words()]
        dest = vals[-1] if vals else ""
        if not dest.startswith("/") or im.normpath(dest).startswith(wd.rstrip("/")):
            return True
    return False


def _base_evidence(r: Roles) -> Iterator[Evidence]:
    yield from r.onbuild
    first = r.doc.instructions[0].line if r.doc.instructions else 0
    generated = False
    for line, text in _comment_lines(r.doc):
        if _BASE_COMMENT.search(text):
            yield Evidence(line, _short(text), "a comment says images are built FROM this one")
        elif line < first and line <= 20 and not generated and _GENERATED.search(text):
            generated = True
            yield Evidence(line, _short(text), "a generated file (official-image repositories generate theirs "
                                               "from templates, for images others build FROM)")
    yield from _sibling_evidence(r)
    entry, cmd = r.start
    evals = (entry.json_values if entry.json else entry.args.split()) if entry is not None else None
    if evals and cmd is None and os.path.basename(evals[0]) in _LAUNCHER_NAMES and \
            all(v.startswith("-") for v in evals[1:]):
        yield _ev(entry, f"ENTRYPOINT only launches ({' '.join(evals)}) and there is no CMD: the image is "  # type: ignore[arg-type]
                         "run with a command given")
    vals = (cmd.json_values if cmd.json else cmd.args.split()) if cmd is not None else None
    if vals and _PROMPTS.fullmatch(" ".join([os.path.basename(vals[0]), *vals[1:]])):
        yield _ev(cmd, f"CMD starts the {os.path.basename(vals[0])} prompt: a language image others build FROM")  # type: ignore[arg-type]
    if r.stage is not None and all(i is None for i in r.start) and not any(
            e.reason.startswith("no CMD") for e in _service_evidence(r)):
        yield Evidence(r.stage.from_.line, _short(r.stage.from_.line_text), _NO_START)


def _sibling_names(path: str) -> frozenset[str]:
    """The names an image built from ``path`` probably has: its folder, its suffix (Dockerfile.base)."""
    return _names_of(os.path.abspath(path))


@functools.lru_cache(maxsize=4096)
def _names_of(path: str) -> frozenset[str]:
    d = os.path.basename(os.path.dirname(path)).lower()
    f = os.path.basename(path).lower()
    names = {d}
    m = re.fullmatch(r"dockerfile[._-](.+)|(.+)[._-]dockerfile", f)
    if m:
        names.add(m.group(1) or m.group(2))
    generic = {"", ".", "docker", "dockerfiles", "build", "src", "app", "files", "images", "image",
               "containers", "container", "ci", "deploy", "dev", "prod", "test"}
    return frozenset(n for n in names if n not in generic and n not in official_repositories())


def _sibling_dockerfiles(path: str) -> Iterator[_Sibling]:
    """The other Dockerfiles in the tree of ``path`` (the folder of its folder, or its folder when
    that is a git checkout; two levels deep; at most ``_SIBLING_LIMIT`` files looked at and
    ``_SIBLING_READS`` Dockerfiles given)."""
    me = os.path.abspath(path)
    here = os.path.dirname(me)
    top = here if os.path.isdir(os.path.join(here, ".git")) else os.path.dirname(here)
    reads = 0
    for sib in _tree_dockerfiles(top, here):
        if sib.path == me:
            continue
        if reads >= _SIBLING_READS:
            return
        reads += 1
        yield sib


class _Sibling:
    """A Dockerfile of the tree: its path, its path relative to the tree, and the images it is
    built FROM, each with its repository (read again only when the file changed)."""

    __slots__ = ("path", "top", "_stamp", "_froms")

    def __init__(self, path: str, top: str) -> None:
        self.path, self.top = path, top
        self._stamp: tuple[int, int] | None = None
        self._froms: tuple[tuple[str, str], ...] = ()

    @property
    def froms(self) -> tuple[tuple[str, str], ...]:
        try:
            st = os.stat(self.path)
            if (st.st_mtime_ns, st.st_size) == self._stamp:
                return self._froms
            from dockfix.syntax.regular import read_regular

            text = read_regular(self.path, head=65536).decode("utf-8", "replace")
        except OSError:
            return ()
        images = re.findall(r"(?im)^\s*FROM\s+(?:--\S+\s+)*([^\s$]+)", text)
        self._stamp, self._froms = (st.st_mtime_ns, st.st_size), tuple((i, im.split_image(i).base) for i in images)
        return self._froms

    @property
    def rel(self) -> str:
        return os.path.relpath(self.path, self.top)


# top -> (the folders' modification times it was listed at, its Dockerfiles): the files of one
# tree are listed and read once per process, not once per file and stage; a long-lived process
# (the language server) lists a tree again when its top folder or the asking file's folder
# changed (an editor's save replaces the file, which changes its folder's time)
_TREES: dict[str, tuple[tuple[int, int], tuple[_Sibling, ...]]] = {}


def _tree_dockerfiles(top: str, here: str) -> tuple[_Sibling, ...]:
    """Every file named like a Dockerfile among the first ``_SIBLING_LIMIT`` files of ``top``
    (two levels deep, hidden folders and vendored code left out)."""
    try:
        stamp = (os.stat(top).st_mtime_ns, os.stat(here).st_mtime_ns)
    except OSError:
        return ()
    hit = _TREES.get(top)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    found: list[_Sibling] = []
    seen = 0
    for dirpath, dirnames, files in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in ("node_modules", "vendor"))
        if dirpath.count(os.sep) - top.count(os.sep) >= 2:
            dirnames[:] = []
        for f in sorted(files):
            seen += 1
            if seen > _SIBLING_LIMIT:
                break
            if "dockerfile" in f.lower():
                full = os.path.join(dirpath, f)
                found.append(_Sibling(full, top))
        if seen > _SIBLING_LIMIT:
            break
    _TREES[top] = (stamp, tuple(found))
    return _TREES[top][1]


def _sibling_evidence(r: Roles) -> Iterator[Evidence]:
    """Another Dockerfile in the same tree is built FROM an image named like this one's folder
    or suffix."""
    path = r.doc.path
    if not path or path == "-" or not os.path.isfile(path):
        return
    names = _sibling_names(path)
    if not names:
        return
    for sib in _sibling_dockerfiles(path):
        for image, base in sib.froms:
            if base in names:
                yield Evidence(0, f"{sib.rel}: FROM {image}", "another Dockerfile of the tree is built FROM this image")
                return


def _sibling_base_user(r: Roles) -> Evidence | None:
    """The last USER of the Dockerfile in the same tree that builds this one's base image (named
    like its folder or suffix, as ``_sibling_names`` reads them), when it is not root."""
    path = r.doc.path
    if not path or path == "-" or not os.path.isfile(path) or not r.image or "$" in r.image:
        return None
    base = im.split_image(r.image).base
    if base in official_repositories():
        return None
    for sib in _sibling_dockerfiles(path):
        if base not in _sibling_names(sib.path):
            continue
        full, rel = sib.path, sib.rel
        try:
            with open(full, "rb") as fh:
                text = fh.read(65536).decode("utf-8", "replace")
        except OSError:
            return None
        last_stage = re.split(r"(?im)^\s*FROM\s", text)[-1]
        users = re.findall(r"(?im)^\s*USER\s+(\S+)", last_stage)
        if users and not im.is_root_user(users[-1]):
            return Evidence(0, f"{rel}: USER {users[-1]}",
                            f"the base image is built by {rel}, which runs as USER {users[-1]}")
        return None
    return None


def _build_env_evidence(r: Roles) -> Iterator[Evidence]:
    seen: set[str] = set()
    for pkg, ins in r.packages:
        if (pkg in _TOOLCHAIN_PACKAGES or re.search(r"-(dev|devel)$", pkg)) and pkg not in seen:
            seen.add(pkg)
            yield _ev(ins, f"installs {pkg}: a compiler toolchain or headers to build with")
    entry, cmd = r.start
    if r.start_builds is not None:
        yield r.start_builds
    if cmd is not None and _SHELLS.match(cmd.args):
        yield _ev(cmd, "CMD is a shell: an interactive environment")
    elif entry is not None and _SHELLS.match(entry.args) and cmd is None:
        yield _ev(entry, "ENTRYPOINT is a shell: an interactive environment")
    path = r.doc.path or ""
    if "/.devcontainer/" in path.replace(os.sep, "/"):
        yield Evidence(0, os.path.basename(path), _DEVCONTAINER)
    if r.image and "$" not in r.image and _DEVCONTAINER_IMAGES.search(r.image):
        yield Evidence(0, r.image, _DEVCONTAINER)
    if r.image and "$" not in r.image and _BUILD_IMAGES.search(im.split_image(r.image).repo +
                                                              (":" + im.split_image(r.image).tag)):
        yield Evidence(0, r.image, "the base image is an SDK or build image")
    for line, text in _comment_lines(r.doc):
        if _BUILD_COMMENT.search(text):
            yield Evidence(line, _short(text), "a comment calls it a build or development environment")


_DIND_IMAGE = re.compile(r"(^|[/:-])dind($|[-.])")


def _privileged_evidence(r: Roles) -> Iterator[Evidence]:
    if r.image and "$" not in r.image:
        n = im.split_image(r.image)
        if _DIND_IMAGE.search(n.tag) or _DIND_IMAGE.search(n.repo):
            yield Evidence(0, r.image, "the base image runs Docker in Docker (dockerd needs root and --privileged)")
    for pkg, ins in r.packages:
        why = _PRIVILEGED_PACKAGES.get(pkg)
        if why:
            yield _ev(ins, f"installs {pkg}: {why}")
    for ins, t in r._start_texts:
        m = _PRIVILEGED_COMMANDS.search(t)
        if m:
            yield _ev(ins, f"the start command runs {m.group(1)}, which needs capabilities")
    script = r.entry_script
    if script:
        code = "\n".join(ln for ln in script[1].splitlines() if not ln.lstrip().startswith("#"))
        m = _PRIVILEGED_COMMANDS.search(code)
        if m:
            yield Evidence(0, script[0], f"the entrypoint script runs {m.group(1)}, which needs capabilities")
    if r.image and "$" not in r.image and im.split_image(r.image).repo in ("docker", "library/docker"):
        yield Evidence(0, r.image, "the base image is the docker CLI, which drives the host's docker.sock "
                                   "(root:docker 0660)")
    for ins in _all_instructions(r):
        m = _DOCKER_CLIENT.search(im.run_text(ins) or "") if ins.cmd == "RUN" else None
        if m:
            yield _ev(ins, f"installs the docker CLI ({m.group(0)}), which drives the host's docker.sock "
                           "(root:docker 0660)")
            break
    for ins, t in r._start_texts:
        m = re.search(r"(?<![\w./-])(docker|docker-compose)\s+(?!-)\w", t)
        if m:
            yield _ev(ins, f"the start command runs {m.group(1)}, which drives the host's docker.sock")
    for ins in _all_instructions(r):
        if ins.cmd == "LABEL":  # atomic's RUN/INSTALL labels hold the docker run line
            m = _PRIVILEGE_FLAGS.search(ins.args) or _DOCKER_SOCK.search(ins.args)
            if m:
                yield _ev(ins, f"a LABEL's run command gives the container {m.group(0).strip()}")
        elif ins.cmd in ("RUN", "VOLUME", "CMD", "ENTRYPOINT", "ENV") and _DOCKER_SOCK.search(ins.line_text):
            yield _ev(ins, "uses the host's docker.sock (root on the host)")
        elif ins.cmd in ("VOLUME", "CMD", "ENTRYPOINT") and _DEVICE.search(ins.args):
            yield _ev(ins, f"uses a host device ({_DEVICE.search(ins.args).group(0)})")  # type: ignore[union-attr]
    for line, text in _comment_lines(r.doc):
        m = _PRIVILEGE_FLAGS.search(text) or _DOCKER_SOCK.search(text) or _DEVICE.search(text)
        if m:
            yield Evidence(line, _short(text), f"usage: the container is run with {m.group(0).strip()}")


def role_of(model: Model, context_dir: str | None = None) -> Roles:
    """The role facts of ``model``'s document, computed once per document (and
    build context, which the entrypoint-script facts read)."""
    key = f"roles:{context_dir}"
    found = model.cache.get(key)
    if not isinstance(found, Roles):
        found = Roles(model, context_dir)
        model.cache[key] = found
    return found
