# golden: --unsafe-fixes
# finding: 6:1: merge-run consecutive RUN instructions (not fixed: a blank line and a comment paragraph set the RUN apart)
# finding: 8:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
FROM debian:12
RUN apt-get update

# Install the web server.
# It is started by the entrypoint.
RUN apt-get install -y nginx
# joined: a comment right above without a blank line
RUN apt-get install -y curl
# ---- output ----
FROM debian:12
RUN apt-get update

# Install the web server.
# It is started by the entrypoint.
RUN apt-get install -y nginx && \
# joined: a comment right above without a blank line
    apt-get install -y curl
