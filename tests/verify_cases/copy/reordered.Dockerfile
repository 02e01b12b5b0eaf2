FROM localhost/debian:bookworm
WORKDIR /app
COPY requirements.txt /app/
RUN sort requirements.txt > /app/installed.txt
COPY . /app
CMD ["cat", "/app/installed.txt"]
