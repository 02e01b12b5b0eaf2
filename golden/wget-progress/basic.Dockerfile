# finding: 3:5: wget-progress wget without a progress setting; add --progress=dot:giga [safe]
FROM debian:bookworm
RUN apt-get update && apt-get install -y wget
RUN wget https://example.com/app.tar.gz && tar xzf app.tar.gz
# ---- output ----
FROM debian:bookworm
RUN apt-get update && apt-get install -y wget
RUN wget --progress=dot:giga https://example.com/app.tar.gz && tar xzf app.tar.gz
