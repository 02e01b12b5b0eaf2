# golden: --unsafe-fixes
# finding: 2:56: pip-no-cache-dir pip install keeps its download cache in the image (not fixed: the base image's packaged pip is older than 6.0, which has no --no-cache-dir (the build would fail); upgrade pip first)
FROM ubuntu:14.04
RUN apt-get update && apt-get install -y python-pip && pip install requests
