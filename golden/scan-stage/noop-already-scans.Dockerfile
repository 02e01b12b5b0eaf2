# golden: --unsafe-fixes --select scan-stage --option scan-image=aquasec/trivy:0.57.1@sha256:abababababababababababababababababababababababababababababababab
# findings: none
FROM alpine:3.20 AS app
FROM aquasec/trivy:0.50.0 AS check
RUN --mount=type=bind,from=app,target=/r trivy rootfs /r
FROM app
