# golden: --unsafe-fixes
FROM debian:12
RUN curl -fsSL https://example.com/x.tgz | tar xz -C /opt
# at run time a bash SHELL would run this too; bash's echo does not expand \t
CMD echo "ready\tok" > /tmp/state && exec /opt/x/run
