# golden: --unsafe-fixes
# finding: 2:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail (not fixed: default shell is /bin/sh (dash/busybox have no pipefail) and the image is not known to have one)
# finding: 4:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail (not fixed: default shell is /bin/sh (dash/busybox have no pipefail) and bash is not known to be in the image (someorg/tool:1))
# finding: 8:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail (not fixed: line 8: a pipe into `head` can kill the writer with SIGPIPE, which fails under pipefail)
# finding: 10:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail (not fixed: line 10: `echo` with a backslash or -e behaves differently under bash than under dash)
# finding: 13:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail (not fixed: the RUN shell is /bin/zsh, not one whose pipefail support is known)
FROM scratch
RUN a | b
FROM someorg/tool:1
RUN a | b
FROM debian:12
RUN yes | apt-get install x
FROM debian:12
RUN dpkg -l | head -n 5
FROM debian:12
RUN curl x | tar x && echo "a\nb" > /etc/motd
FROM debian:12
SHELL ["/bin/zsh", "-c"]
RUN a | b
