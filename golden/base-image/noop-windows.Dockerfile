# golden: --unsafe-fixes
# findings: none
# escape=`
FROM python:3.12
COPY app.py C:\app\
