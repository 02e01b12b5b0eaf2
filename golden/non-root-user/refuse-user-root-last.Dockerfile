# golden: --unsafe-fixes
# finding: 3:1: non-root-user the final stage switches back to root with USER root (not fixed: line 3: USER root after the last build step: the author runs the program as root on purpose; respect it (or remove it and add USER by hand))
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y jq
USER root
CMD ["jq", "--version"]
