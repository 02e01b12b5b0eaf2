# golden: --unsafe-fixes
# finding: 2:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail (not fixed: line 2: `echo` with a flag other than -n: under /bin/ash shellcheck reports it (SC3036); left for review)
FROM node:20-alpine
RUN echo -e "\n[i] installing\n" \
 && curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
