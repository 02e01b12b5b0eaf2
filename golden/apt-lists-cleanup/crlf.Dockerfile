FROM debian:12
RUN apt-get update \
  && apt-get install -y x
CMD ["x"]
# ---- output ----
FROM debian:12
RUN apt-get update \
  && apt-get install -y x \
  && rm -rf /var/lib/apt/lists/*
CMD ["x"]
