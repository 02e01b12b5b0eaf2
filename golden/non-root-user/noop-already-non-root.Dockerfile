# golden: --unsafe-fixes
# findings: none
FROM python:3.12-slim
RUN useradd -r app
USER app
CMD ["python"]
