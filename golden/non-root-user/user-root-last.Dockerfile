# golden: --unsafe-fixes
# finding: 3:1: non-root-user the final stage switches back to root with USER root; create and switch to '10001:10001' [unsafe]
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y jq
USER root
CMD ["jq", "--version"]
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y jq
RUN groupadd -r -g 10001 app && useradd --no-log-init -r -m -u 10001 -g app app
USER 10001:10001
CMD ["jq", "--version"]
