# golden: --unsafe-fixes
FROM debian:12
RUN groupadd -r -g 2001 svc && useradd -r -u 2001 -g svc svc
COPY svc /usr/bin/svc
CMD ["svc"]
# ---- output ----
FROM debian:12
RUN groupadd -r -g 2001 svc && useradd -r -u 2001 -g svc svc
COPY svc /usr/bin/svc
USER 2001
CMD ["svc"]
