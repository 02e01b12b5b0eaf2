# golden: --unsafe-fixes
# finding: 5:1: merge-run consecutive RUN instructions (not fixed: the first RUN: a dockfix/hadolint ignore comment on it)
# finding: 7:1: merge-run consecutive RUN instructions (not fixed: a dockfix/hadolint ignore comment on it)
# finding: 8:1: merge-run consecutive RUN instructions (not fixed: the first RUN: a dockfix/hadolint ignore comment on it)
FROM debian:12
RUN echo a
# dockfix: ignore
RUN echo b
RUN echo c
# hadolint ignore=DL3008
RUN apt-get install -y x
RUN echo d
