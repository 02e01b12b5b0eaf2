# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER) (not fixed: the base image's entrypoint (postgres:16) starts as root and drops privileges itself)
FROM postgres:16
COPY init.sql /docker-entrypoint-initdb.d/
