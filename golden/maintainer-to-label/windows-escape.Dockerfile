# finding: 3:1: maintainer-to-label MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors [safe]
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
MAINTAINER Jane `a
# ---- output ----
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
LABEL org.opencontainers.image.authors="Jane ``a"
