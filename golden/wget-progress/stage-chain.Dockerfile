# finding: 4:5: wget-progress wget without a progress setting; add --progress=dot:giga [safe]
FROM ubuntu:22.04 AS base
RUN apt-get update && apt-get install -y wget
FROM base AS build
RUN wget https://example.com/app.tar.gz
# ---- output ----
FROM ubuntu:22.04 AS base
RUN apt-get update && apt-get install -y wget
FROM base AS build
RUN wget --progress=dot:giga https://example.com/app.tar.gz
