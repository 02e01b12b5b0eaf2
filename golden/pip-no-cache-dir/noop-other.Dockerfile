# findings: none
FROM python:3.12-slim
RUN pip install --no-cache-dir requests
RUN pip download requests && pip wheel . && pipx install black && pipenv install
RUN uv pip install requests
