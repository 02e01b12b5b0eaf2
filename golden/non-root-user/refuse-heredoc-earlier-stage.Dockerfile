# golden: --unsafe-fixes
# finding: 7:1: non-root-user the final stage runs as root (no USER) (not fixed: line 2 uses a heredoc: hadolint cannot parse any instruction after one, so an added USER would make the file unreadable for hadolint)
FROM debian:12 AS build
COPY <<EOF /src/main.c
int main(void) { return 0; }
EOF
RUN cc -o /out/app /src/main.c

FROM debian:12-slim
COPY --from=build /out/app /usr/local/bin/app
CMD ["app"]
