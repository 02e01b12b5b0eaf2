# golden: --option offline=true --option pin-cache=false
# findings: none
FROM golang:1.22@sha256:0b1f4f3a0f4a26d4f1aef2b10bd4e9a2d4f2b3d2c4e0f1a2b3c4d5e6f7a8b9c0 AS build
RUN go build -o /app .

FROM scratch
COPY --from=build /app /app
COPY --from=0 /app /app2
COPY --from=BUILD /app /app3
