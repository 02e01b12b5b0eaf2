# golden: --unsafe-fixes
FROM golang:1.22
WORKDIR /src
RUN useradd -r app
COPY . .
RUN CGO_ENABLED=0 go build -o /bin/app .
USER app
CMD ["/bin/app"]
