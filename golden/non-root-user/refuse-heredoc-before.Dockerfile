# golden: --unsafe-fixes
# finding: 2:1: non-root-user the final stage runs as root (no USER) (not fixed: line 4 uses a heredoc: hadolint cannot parse any instruction after one, so an added USER would make the file unreadable for hadolint)
# hadolint cannot parse an instruction after a heredoc: adding USER would make the file unreadable for it
FROM debian:12
COPY app /usr/local/bin/
RUN <<EOT
set -e
apt-get update
apt-get install -y --no-install-recommends jq
rm -rf /var/lib/apt/lists/*
EOT
CMD ["app"]
