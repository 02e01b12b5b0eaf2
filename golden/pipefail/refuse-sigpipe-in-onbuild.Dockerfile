# golden: --unsafe-fixes
# finding: 2:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail (not fixed: line 3: `yes | ...` is killed by SIGPIPE and fails under pipefail)
FROM debian:12
RUN curl -fsSL https://example.com/x.tgz | tar xz -C /opt
ONBUILD RUN yes | apt-get install -y something
