# finding: 3:1: keyword-case keyword casing: 'workdir' -> 'WORKDIR' [safe]
# syntax=docker/dockerfile:1
FROM busybox
workdir /app
ENV a=1
# ---- output ----
# syntax=docker/dockerfile:1
FROM busybox
WORKDIR /app
ENV a=1
