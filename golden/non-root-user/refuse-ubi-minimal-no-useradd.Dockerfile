# golden: --unsafe-fixes
# finding: 2:1: non-root-user the final stage runs as root (no USER) (not fixed: ubi-minimal/microdnf images may have no useradd: installing shadow-utils for it would add an unpinned package (hadolint DL3041/DL3033); install it and create the account yourself, or add a numeric USER)
# ubi-minimal has no useradd; installing shadow-utils would add an unpinned package (DL3041)
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y python3 && microdnf clean all
COPY app.py /opt/app/
CMD ["python3", "/opt/app/app.py"]
