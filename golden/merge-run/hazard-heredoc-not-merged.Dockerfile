# golden: --unsafe-fixes
FROM debian:12
RUN <<EOF
set -e
echo hi
EOF
RUN echo after
RUN cat <<'X' > /f
body
X
RUN echo end
COPY a /a
