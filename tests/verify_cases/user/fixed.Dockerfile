FROM localhost/debian:bookworm
WORKDIR /srv
RUN echo hi > /srv/data.txt
RUN groupadd -r app && useradd --no-log-init -r -g app app
USER app
CMD ["cat", "/srv/data.txt"]
