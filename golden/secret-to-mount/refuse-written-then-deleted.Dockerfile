# golden: --unsafe-fixes
FROM alpine
ARG DB_PASSWORD
RUN echo "$DB_PASSWORD" > /tmp/pass && ./configure --password-file /tmp/pass
RUN echo "//registry.npmjs.org/:_authToken=abc" > /root/.npmrc
RUN npm ci
RUN rm /tmp/pass && rm -f /root/.npmrc
RUN echo "x" > /etc/motd && rm /etc/motd
# ---- output ----
FROM alpine
RUN --mount=type=secret,id=db_password DB_PASSWORD="$(cat /run/secrets/db_password)"; export DB_PASSWORD && echo "$DB_PASSWORD" > /tmp/pass && ./configure --password-file /tmp/pass
RUN --mount=type=secret,id=db_password DB_PASSWORD="$(cat /run/secrets/db_password)"; export DB_PASSWORD && echo "//registry.npmjs.org/:_authToken=abc" > /root/.npmrc
RUN --mount=type=secret,id=db_password DB_PASSWORD="$(cat /run/secrets/db_password)"; export DB_PASSWORD && npm ci
RUN --mount=type=secret,id=db_password DB_PASSWORD="$(cat /run/secrets/db_password)"; export DB_PASSWORD && rm /tmp/pass && rm -f /root/.npmrc
RUN --mount=type=secret,id=db_password DB_PASSWORD="$(cat /run/secrets/db_password)"; export DB_PASSWORD && echo "x" > /etc/motd && rm /etc/motd
