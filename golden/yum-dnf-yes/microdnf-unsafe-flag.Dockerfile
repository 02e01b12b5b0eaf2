# golden: --unsafe-fixes
# finding: 2:5: yum-dnf-yes microdnf install without -y asks for confirmation [unsafe]
FROM registry.access.redhat.com/ubi9/ubi-minimal
RUN microdnf install shadow-utils
# ---- output ----
FROM registry.access.redhat.com/ubi9/ubi-minimal
RUN microdnf install -y shadow-utils
