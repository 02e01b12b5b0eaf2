# golden: --unsafe-fixes
FROM fedora:40
RUN dnf install -y ruby && dnf clean all
COPY app.rb /opt/
CMD ["ruby", "/opt/app.rb"]
# ---- output ----
FROM fedora:40
RUN dnf install -y ruby && dnf clean all
COPY app.rb /opt/
RUN groupadd -r app && useradd --no-log-init -r -g app app
USER app
CMD ["ruby", "/opt/app.rb"]
