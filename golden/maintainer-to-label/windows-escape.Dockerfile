# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
MAINTAINER Jane `a
# ---- output ----
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
LABEL org.opencontainers.image.authors="Jane ``a"
