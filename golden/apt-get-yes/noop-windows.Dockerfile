# findings: none
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN apt-get install foo
