FROM debian:12
ARG UID
RUN groupadd -g "$UID" app \
 && useradd -m \
      -u "$UID" -g app app
# ---- output ----
FROM debian:12
ARG UID
RUN groupadd -g "$UID" app \
 && useradd -l -m \
      -u "$UID" -g app app
