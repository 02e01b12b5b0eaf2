# golden: --unsafe-fixes
# finding: 5:1: non-root-user the final stage runs as root (no USER) (not fixed: the final stage is built on stage 'base', which sets USER root; change it there)
FROM debian:12 AS base
USER root
RUN apt-get update

FROM base
CMD ["bash"]
