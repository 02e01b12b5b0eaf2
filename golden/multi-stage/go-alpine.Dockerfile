# golden: --unsafe-fixes
FROM golang:1.22-alpine3.20
WORKDIR /app
COPY . .
RUN go build -o /usr/local/bin/tool .
CMD tool --serve
# ---- output ----
FROM golang:1.22-alpine3.20 AS build
WORKDIR /app
COPY . .
RUN go build -o /usr/local/bin/tool .

FROM alpine:3.20
WORKDIR /app
COPY --from=build /usr/local/bin/tool /usr/local/bin/tool
CMD tool --serve
