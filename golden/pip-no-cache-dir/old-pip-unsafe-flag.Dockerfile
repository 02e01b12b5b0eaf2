# golden: --unsafe-fixes
# finding: 2:56: pip-no-cache-dir pip install keeps its download cache in the image; add --no-cache-dir [unsafe]
FROM ubuntu:14.04
RUN apt-get update && apt-get install -y python-pip && pip install requests
# ---- output ----
FROM ubuntu:14.04
RUN apt-get update && apt-get install -y python-pip && pip install --no-cache-dir requests
