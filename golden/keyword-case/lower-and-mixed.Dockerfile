from alpine as build
run echo hi
Copy a b
# ---- output ----
FROM alpine AS build
RUN echo hi
COPY a b
