# golden: --unsafe-fixes
FROM someorg/custom-runtime:1.0
COPY app /app
CMD ["/app/run"]
