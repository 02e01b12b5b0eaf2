# golden: --unsafe-fixes
# finding: 2:1: secret-to-mount ARG DB_PASSWORD looks like a secret; build arguments are stored in the image history; build with: docker build --secret id=db_password,env=DB_PASSWORD ... [unsafe]
# finding: 3:1: secret-to-mount RUN writes /tmp/pass (a credential) and the RUN on line 6 deletes it: the file still ships in this earlier layer (not fixed: use RUN --mount=type=secret for the command that needs it)
# finding: 4:1: secret-to-mount RUN writes /root/.npmrc (a credential) and the RUN on line 6 deletes it: the file still ships in this earlier layer (not fixed: use RUN --mount=type=secret for the command that needs it)
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
