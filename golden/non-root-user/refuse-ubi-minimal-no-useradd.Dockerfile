# golden: --unsafe-fixes
# ubi-minimal has no useradd; installing shadow-utils would add an unpinned package (DL3041)
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y python3 && microdnf clean all
COPY app.py /opt/app/
CMD ["python3", "/opt/app/app.py"]
