# golden: --unsafe-fixes
FROM ubuntu:14.04
RUN apt-get update && apt-get install -y python-pip && pip install requests
# ---- output ----
FROM ubuntu:14.04
RUN apt-get update && apt-get install -y python-pip && pip install --no-cache-dir requests
