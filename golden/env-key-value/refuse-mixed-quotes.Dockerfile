# finding: 2:1: env-key-value legacy 'ENV B value' form; use B=value (not fixed: the value mixes quotes or escapes with spaces; re-quoting could change it)
# finding: 3:1: env-key-value legacy 'ENV C value' form; use C=value (not fixed: the value mixes quotes or escapes with spaces; re-quoting could change it)
FROM alpine
ENV B "x" y
ENV C a\ b c
