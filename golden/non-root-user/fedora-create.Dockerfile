# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER); create and switch to '10001:10001' [unsafe]
FROM fedora:40
RUN dnf install -y ruby && dnf clean all
COPY app.rb /opt/
CMD ["ruby", "/opt/app.rb"]
# ---- output ----
FROM fedora:40
RUN dnf install -y ruby && dnf clean all
COPY app.rb /opt/
RUN groupadd -r -g 10001 app && useradd --no-log-init -r -m -u 10001 -g app app
USER 10001:10001
CMD ["ruby", "/opt/app.rb"]
