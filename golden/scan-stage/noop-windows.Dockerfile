# golden: --unsafe-fixes --select scan-stage --option scan-image=aquasec/trivy:0.57.1@sha256:abababababababababababababababababababababababababababababababab
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN echo hi
