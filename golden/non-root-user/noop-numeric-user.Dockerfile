# golden: --unsafe-fixes
# findings: none
# what this fix writes is recognised as non-root on the next run
FROM debian:12
RUN groupadd -r -g 10001 app && useradd --no-log-init -r -u 10001 -g app app
USER 10001:10001
CMD ["bash"]
