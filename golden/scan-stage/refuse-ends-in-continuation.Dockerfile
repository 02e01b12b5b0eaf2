# golden: --unsafe-fixes --option scan-image=aquasec/trivy:0.57.1@sha256:abababababababababababababababababababababababababababababababab
FROM alpine:3.20
RUN echo a \
 && echo b \
