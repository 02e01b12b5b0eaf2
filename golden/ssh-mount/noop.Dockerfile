# golden: --unsafe-fixes
# findings: none
# https clones, an already mounted RUN, a URL that is only text, a COPY --from
FROM debian:12 AS keys
RUN git clone https://github.com/acme/public.git /src/public
RUN --mount=type=ssh,id=default git clone git@github.com:acme/lib.git /src/lib
RUN echo "git@github.com:acme/lib.git is cloned above"
FROM debian:12
COPY --from=keys /etc/ssh/ssh_known_hosts /etc/ssh/ssh_known_hosts
