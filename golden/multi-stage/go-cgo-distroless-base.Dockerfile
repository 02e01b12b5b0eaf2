# golden: --unsafe-fixes
FROM golang:1.22-bookworm
WORKDIR /src
ENV APP_MODE=production
COPY . .
RUN go build -o server .
ENTRYPOINT ["/src/server"]
# ---- output ----
FROM golang:1.22-bookworm AS build
WORKDIR /src
ENV APP_MODE=production
COPY . .
RUN go build -o server .

FROM gcr.io/distroless/base-debian12
WORKDIR /src
ENV APP_MODE=production
COPY --from=build /src/server /src/server
ENTRYPOINT ["/src/server"]
