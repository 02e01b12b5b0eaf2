# golden: --unsafe-fixes
# hadolint cannot parse an instruction after a heredoc: adding USER would make the file unreadable for it
FROM debian:12
COPY app.sh /usr/local/bin/
RUN <<EOT
set -e
apt-get update
apt-get install -y --no-install-recommends jq
rm -rf /var/lib/apt/lists/*
EOT
