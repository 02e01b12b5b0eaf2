# finding: 4:1: add-to-copy use COPY instead of ADD for local files and folders [safe]
# finding: 6:1: add-to-copy use COPY instead of ADD for local files and folders [safe]
# finding: 10:1: add-to-copy use COPY instead of ADD for local files and folders (not fixed: relative destination and no WORKDIR in the stage: set a WORKDIR first (as COPY it would be DL3045))
# finding: 11:9: add-to-copy use COPY instead of ADD for local files and folders [safe]
# finding: 13:1: add-to-copy use COPY instead of ADD for local files and folders (not fixed: relative destination and no WORKDIR in the stage: set a WORKDIR first (as COPY it would be DL3045))
# finding: 14:1: add-to-copy use COPY instead of ADD for local files and folders [safe]
FROM alpine AS base
WORKDIR /app
FROM base AS build
ADD main.go .
FROM build
ADD go.mod ./
# stage named with another case: hadolint does not follow it (DL3045), and the
# working directory is /app, not /: refused
FROM BASE
ADD go.sum .
ONBUILD ADD run.sh bin/
FROM mcr.microsoft.com/windows/servercore:ltsc2022
ADD app.ps1 .
ADD app.ps1 C:/app/
# ---- output ----
FROM alpine AS base
WORKDIR /app
FROM base AS build
COPY main.go .
FROM build
COPY go.mod ./
# stage named with another case: hadolint does not follow it (DL3045), and the
# working directory is /app, not /: refused
FROM BASE
ADD go.sum .
ONBUILD COPY run.sh bin/
FROM mcr.microsoft.com/windows/servercore:ltsc2022
ADD app.ps1 .
COPY app.ps1 C:/app/
