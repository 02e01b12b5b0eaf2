# golden: --unsafe-fixes
FROM debian:12
RUN apt-get update
CMD ["bash"]
# ---- output ----
FROM debian:12
RUN apt-get update
RUN groupadd -r app && useradd --no-log-init -r -g app app
USER app
CMD ["bash"]
