# golden: --unsafe-fixes --option scan-image=aquasec/trivy:0.57.1@sha256:abababababababababababababababababababababababababababababababab
# finding: 1:1: scan-stage the final image is not scanned for vulnerabilities (add a `scan` stage, built with --target scan) (not fixed: the file ends inside a line continuation)
FROM alpine:3.20
RUN echo a \
 && echo b \
