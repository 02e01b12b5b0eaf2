FROM alpine
ADD requirements.txt /app/
ADD . /src
ADD --chown=1000:1000 conf/ /etc/app/
# ---- output ----
FROM alpine
COPY requirements.txt /app/
COPY . /src
COPY --chown=1000:1000 conf/ /etc/app/
