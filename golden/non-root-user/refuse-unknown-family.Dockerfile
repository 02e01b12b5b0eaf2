# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER) (not fixed: base image family is unknown (someorg/custom-runtime:1.0); cannot tell how to create a user)
FROM someorg/custom-runtime:1.0
COPY app /app
CMD ["/app/run"]
