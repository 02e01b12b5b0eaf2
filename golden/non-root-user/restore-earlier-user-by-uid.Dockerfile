# golden: --unsafe-fixes
FROM debian:12
RUN groupadd -r -g 999 postgres && useradd -r -g postgres -u 999 postgres
USER postgres
RUN initdb -D /tmp/db
USER root
COPY app /usr/local/bin/
CMD ["app"]
# ---- output ----
FROM debian:12
RUN groupadd -r -g 999 postgres && useradd -r -g postgres -u 999 postgres
USER postgres
RUN initdb -D /tmp/db
USER root
COPY app /usr/local/bin/
USER 999
CMD ["app"]
