# golden: --unsafe-fixes
FROM debian:12 AS build
COPY <<EOF /src/main.c
int main(void) { return 0; }
EOF
RUN cc -o /out/app /src/main.c

FROM debian:12-slim
COPY --from=build /out/app /usr/local/bin/app
CMD ["app"]
