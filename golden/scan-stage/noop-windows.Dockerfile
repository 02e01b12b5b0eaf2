# golden: --unsafe-fixes --select scan-stage --option scan-image=aquasec/trivy:0.57.1@sha256:abababababababababababababababababababababababababababababababab
# finding: 2:1: scan-stage the final image is not scanned for vulnerabilities (add a `scan` stage, built with --target scan) (not fixed: Windows file: Trivy's Linux image cannot run in this build)
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN echo hi
