# hand "fix" that also dropped a package the original asked for (hello)
FROM localhost/debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/*
CMD ["hello"]
