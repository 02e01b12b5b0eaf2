# golden: --unsafe-fixes
# finding: 6:1: merge-run consecutive RUN instructions (not fixed: a blank line and a comment paragraph set the RUN apart)
# finding: 8:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
FROM debian:12
RUN mkdir -p /etc/app

# Write the default configuration.
# It is read by the entrypoint.
RUN touch /etc/app/app.conf
# joined: a comment right above without a blank line
RUN chmod 600 /etc/app/app.conf
# ---- output ----
FROM debian:12
RUN mkdir -p /etc/app

# Write the default configuration.
# It is read by the entrypoint.
RUN touch /etc/app/app.conf && \
# joined: a comment right above without a blank line
    chmod 600 /etc/app/app.conf
