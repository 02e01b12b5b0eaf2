# finding: 2:1: add-to-copy use COPY instead of ADD for local files and folders [safe]
# finding: 3:1: add-to-copy use COPY instead of ADD for local files and folders [safe]
# finding: 4:1: add-to-copy use COPY instead of ADD for local files and folders [safe]
FROM alpine
ADD requirements.txt /app/
ADD . /src
ADD --chown=1000:1000 conf/ /etc/app/
# ---- output ----
FROM alpine
COPY requirements.txt /app/
COPY . /src
COPY --chown=1000:1000 conf/ /etc/app/
