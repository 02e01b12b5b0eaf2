# golden: --unsafe-fixes
FROM alpine
SHELL ["/bin/bash", "-c"]
CMD app
# ---- output ----
FROM alpine
SHELL ["/bin/bash", "-c"]
CMD ["app"]
