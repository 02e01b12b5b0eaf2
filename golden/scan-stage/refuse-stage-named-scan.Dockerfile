# golden: --unsafe-fixes --select scan-stage --option scan-image=aquasec/trivy:0.57.1@sha256:abababababababababababababababababababababababababababababababab
# finding: 3:1: scan-stage the final image is not scanned for vulnerabilities (add a `scan` stage, built with --target scan) (not fixed: a stage named `scan` already exists)
FROM alpine:3.20 AS scan
RUN echo checks
FROM alpine:3.20
