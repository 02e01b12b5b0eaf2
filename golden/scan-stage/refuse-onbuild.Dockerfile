# golden: --unsafe-fixes --select scan-stage --option scan-image=aquasec/trivy:0.57.1@sha256:abababababababababababababababababababababababababababababababab
# finding: 1:1: scan-stage the final image is not scanned for vulnerabilities (add a `scan` stage, built with --target scan) (not fixed: the final stage has ONBUILD triggers; they would run again in the stage that re-exports it)
FROM node:20-slim
ONBUILD COPY . /app
