# golden: --unsafe-fixes
# escape=`
FROM python:3.12
COPY app.py C:\app\
