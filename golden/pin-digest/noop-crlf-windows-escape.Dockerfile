# golden: --option offline=true --option pin-cache=false
# findings: none
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022@sha256:0b1f4f3a0f4a26d4f1aef2b10bd4e9a2d4f2b3d2c4e0f1a2b3c4d5e6f7a8b9c0
RUN echo `
  done
