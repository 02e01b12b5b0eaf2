# golden: --unsafe-fixes
# findings: none
# hadolint ignore=DL3002
FROM debian:12
CMD ["bash"]
