# finding: 2:23: apt-get-yes `apt-get install` without -y aborts at the confirmation prompt [safe]
FROM debian:12
RUN apt-get update && apt-get install curl
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install -y curl
