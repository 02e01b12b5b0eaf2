# golden: --unsafe-fixes
# findings: none
FROM myorg/python:3.7 AS a
FROM ghcr.io/acme/node:16 AS b
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS c
FROM a
FROM scratch
