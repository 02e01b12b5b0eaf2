# golden: --unsafe-fixes
FROM debian:12 AS base
USER root
RUN apt-get update

FROM base
CMD ["bash"]
