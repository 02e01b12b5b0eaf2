# golden: --unsafe-fixes
# finding: 6:1: merge-run consecutive RUN instructions (not fixed: the first RUN: RUN with a heredoc)
# finding: 7:1: merge-run consecutive RUN instructions (not fixed: RUN with a heredoc)
# finding: 10:1: merge-run consecutive RUN instructions (not fixed: the first RUN: RUN with a heredoc)
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
