# golden: --unsafe-fixes
FROM registry.access.redhat.com/ubi9/ubi-minimal
RUN microdnf install shadow-utils
# ---- output ----
FROM registry.access.redhat.com/ubi9/ubi-minimal
RUN microdnf install -y shadow-utils
