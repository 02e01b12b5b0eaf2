# golden: --unsafe-fixes
# finding: 1:1: multi-stage single-stage build ships its toolchain; build in a stage and run from debian:bookworm-slim (check: shared libraries the binary links (libssl, ...), CA certificates and files it reads are not copied) [unsafe]
FROM rust:1.79-bookworm
WORKDIR /usr/src/app
COPY . .
RUN cargo build --release --locked
CMD ["./target/release/server"]
# ---- output ----
FROM rust:1.79-bookworm AS build
WORKDIR /usr/src/app
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim
WORKDIR /usr/src/app
COPY --from=build /usr/src/app/target/release/server /usr/src/app/target/release/server
CMD ["./target/release/server"]
