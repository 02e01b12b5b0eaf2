# finding: 2:1: env-key-value legacy 'ENV A value' form; use A=value (not fixed: comment lines between the key and the value)
FROM alpine
ENV A \
# the value
  b
