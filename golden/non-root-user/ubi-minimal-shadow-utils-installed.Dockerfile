# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER); create and switch to '10001:10001' [unsafe]
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y python3 shadow-utils && microdnf clean all
COPY app.py /opt/app/
CMD ["python3", "/opt/app/app.py"]
# ---- output ----
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y python3 shadow-utils && microdnf clean all
COPY app.py /opt/app/
RUN groupadd -r -g 10001 app && useradd --no-log-init -r -m -u 10001 -g app app
USER 10001:10001
CMD ["python3", "/opt/app/app.py"]
