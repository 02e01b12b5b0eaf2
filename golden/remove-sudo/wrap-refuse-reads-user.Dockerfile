# golden: --unsafe-fixes
FROM ubuntu:22.04
RUN useradd -m app
USER app
# as root these would test root's rights and root's home: refused
RUN [ -w /usr/local/lib ] || sudo chown -R app /usr/local/lib
RUN sudo mkdir -p "${HOME}/.cache" && cd ~ && sudo tar xf /tmp/app.tar
CMD ["app"]
