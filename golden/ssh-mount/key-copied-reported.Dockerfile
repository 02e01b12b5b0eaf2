# golden: --unsafe-fixes
# finding: 3:1: ssh-mount COPY puts the private key deploy_key in a layer of the image (not fixed: remove it and clone with RUN --mount=type=ssh (docker build --ssh default): a later rm does not take it out of the image)
# finding: 4:1: ssh-mount ADD puts the private key id_rsa in a layer of the image (not fixed: remove it and clone with RUN --mount=type=ssh (docker build --ssh default): a later rm does not take it out of the image)
# finding: 5:1: ssh-mount git reaches git@github.com:acme/lib.git over SSH: lend the build your SSH agent, not a key (not fixed: the image already holds a private key (line 3: COPY deploy_key /root/.ssh/id_ed25519), which the clone would still use and a mount does not take out: delete it and the RUNs that install it, then clone with RUN --mount=type=ssh)
# the key COPY is reported, never deleted; the clone would keep using it, so no mount is added
FROM debian:12
COPY deploy_key /root/.ssh/id_ed25519
ADD ["id_rsa", "/root/.ssh/id_rsa"]
RUN git clone git@github.com:acme/lib.git /src/lib && rm /root/.ssh/id_ed25519 /root/.ssh/id_rsa
