# finding: 4:5: useradd-no-log-init useradd with a UID from a variable and without -l may write huge sparse lastlog/faillog files [safe]
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
