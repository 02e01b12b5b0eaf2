# finding: 2:1: maintainer-to-label MAINTAINER is deprecated (not fixed: comment lines inside the instruction)
FROM alpine
MAINTAINER Jane \
# the team
  Doe
