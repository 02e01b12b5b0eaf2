FROM localhost/debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends wget hello && rm -rf /var/lib/apt/lists/*
CMD ["hello"]
