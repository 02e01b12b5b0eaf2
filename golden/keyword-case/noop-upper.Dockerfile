# findings: none
FROM alpine AS build
RUN echo hi
# run lower in a comment stays
