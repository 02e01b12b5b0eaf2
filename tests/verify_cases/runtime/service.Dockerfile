FROM localhost/debian:bookworm
CMD ["sleep", "600"]
