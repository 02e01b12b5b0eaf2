# golden: --unsafe-fixes
# finding: 5:1: non-root-user the final stage switches back to root with USER root; switch to '999' [unsafe]
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
