# golden: --unsafe-fixes
# finding: 5:30: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: the build runs as USER app here and `[ -w /usr/local/lib ]` tests permissions: as root it means something else)
# finding: 6:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: the build runs as USER app here and `${HOME` expands to the user's home or id: as root it means something else)
# finding: 6:47: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: the build runs as USER app here and `${HOME` expands to the user's home or id: as root it means something else)
FROM ubuntu:22.04
RUN useradd -m app
USER app
# as root these would test root's rights and root's home: refused
RUN [ -w /usr/local/lib ] || sudo chown -R app /usr/local/lib
RUN sudo mkdir -p "${HOME}/.cache" && cd ~ && sudo tar xf /tmp/app.tar
CMD ["app"]
