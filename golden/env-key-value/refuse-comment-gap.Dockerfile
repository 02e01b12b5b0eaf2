FROM alpine
ENV A \
# the value
  b
