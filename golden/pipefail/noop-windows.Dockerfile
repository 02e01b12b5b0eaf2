# golden: --unsafe-fixes
# findings: none
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN type x | more
