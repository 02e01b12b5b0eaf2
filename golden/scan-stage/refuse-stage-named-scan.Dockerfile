# golden: --unsafe-fixes --select scan-stage --option scan-image=aquasec/trivy:0.57.1@sha256:abababababababababababababababababababababababababababababababab
FROM alpine:3.20 AS scan
RUN echo checks
FROM alpine:3.20
