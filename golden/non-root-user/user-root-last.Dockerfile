# golden: --unsafe-fixes
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y jq
USER root
CMD ["jq", "--version"]
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y jq
RUN groupadd -r app && useradd --no-log-init -r -g app app
USER app
CMD ["jq", "--version"]
