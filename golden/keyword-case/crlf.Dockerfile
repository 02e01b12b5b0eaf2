FROM alpine as b
run echo \
  hi
# ---- output ----
FROM alpine AS b
RUN echo \
  hi
