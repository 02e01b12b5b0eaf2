# golden: --unsafe-fixes
# the uid of svc is chosen when the image is built: USER svc would be a name (DL3066)
FROM debian:12
RUN groupadd -r svc && useradd -r -g svc svc
COPY svc /usr/bin/svc
CMD ["svc"]
