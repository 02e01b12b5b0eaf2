# finding: 2:22: apt-get-yes `apt-get purge` without -y aborts at the confirmation prompt [safe]
# finding: 2:44: apt-get-yes `apt-get purge` without -y aborts at the confirmation prompt [safe]
FROM debian:12
RUN apt-get purge && apt-get purge curl && apt-get purge --auto-remove
# ---- output ----
FROM debian:12
RUN apt-get purge && apt-get purge -y curl && apt-get purge -y --auto-remove
