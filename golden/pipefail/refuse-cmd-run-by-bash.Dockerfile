# golden: --unsafe-fixes
# finding: 2:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail (not fixed: line 4: `echo` with a backslash or -e behaves differently under bash than under dash)
FROM debian:12
RUN curl -fsSL https://example.com/x.tgz | tar xz -C /opt
# at run time a bash SHELL would run this too; bash's echo does not expand \t
CMD echo "ready\tok" > /tmp/state && exec /opt/x/run
