# golden: --unsafe-fixes
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y python3 && microdnf clean all
COPY app.py /opt/app/
CMD ["python3", "/opt/app/app.py"]
# ---- output ----
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y python3 && microdnf clean all
COPY app.py /opt/app/
RUN microdnf install -y shadow-utils && microdnf clean all && groupadd -r app && useradd --no-log-init -r -g app app
USER app
CMD ["python3", "/opt/app/app.py"]
