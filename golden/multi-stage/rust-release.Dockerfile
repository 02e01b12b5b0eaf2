# golden: --unsafe-fixes
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
