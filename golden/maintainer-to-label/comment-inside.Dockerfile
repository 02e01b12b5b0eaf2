FROM alpine
MAINTAINER Jane \
# the team
  Doe
