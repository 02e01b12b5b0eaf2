# golden: --unsafe-fixes
# finding: 2:1: secret-to-mount ARG PIP_PASSWORD looks like a secret; build arguments are stored in the image history; build with: docker build --secret id=pip_password,env=PIP_PASSWORD ... [unsafe]
FROM python:3.12-slim
ARG PIP_PASSWORD
RUN pip install --index-url "https://user:${PIP_PASSWORD}@pypi.example.com/simple" app
# ---- output ----
FROM python:3.12-slim
RUN --mount=type=secret,id=pip_password PIP_PASSWORD="$(cat /run/secrets/pip_password)"; export PIP_PASSWORD && pip install --index-url "https://user:${PIP_PASSWORD}@pypi.example.com/simple" app
