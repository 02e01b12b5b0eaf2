# golden: --unsafe-fixes --select scan-stage --option scan-image=aquasec/trivy:0.57.1@sha256:abababababababababababababababababababababababababababababababab --option scan-severity=HIGH;rm
# finding: 1:1: scan-stage the final image is not scanned for vulnerabilities (add a `scan` stage, built with --target scan) (not fixed: scan-severity 'HIGH;RM' is not a list of UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL)
FROM alpine:3.20
