# golden: --unsafe-fixes
# the key COPY is reported, never deleted: the RUN gets the agent mount
FROM debian:12
COPY deploy_key /root/.ssh/id_ed25519
ADD ["id_rsa", "/root/.ssh/id_rsa"]
RUN git clone git@github.com:acme/lib.git /src/lib && rm /root/.ssh/id_ed25519 /root/.ssh/id_rsa
# ---- output ----
# the key COPY is reported, never deleted: the RUN gets the agent mount
FROM debian:12
COPY deploy_key /root/.ssh/id_ed25519
ADD ["id_rsa", "/root/.ssh/id_rsa"]
RUN --mount=type=ssh git clone git@github.com:acme/lib.git /src/lib && rm /root/.ssh/id_ed25519 /root/.ssh/id_rsa
