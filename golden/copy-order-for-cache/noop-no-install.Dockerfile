# golden: --unsafe-fixes
# findings: none
FROM python:3.12
WORKDIR /app
COPY . .
RUN python -m compileall .
CMD ["python", "app.py"]
