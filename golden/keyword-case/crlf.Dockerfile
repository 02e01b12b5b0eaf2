# finding: 1:1: keyword-case keyword casing: 'as' -> 'AS' [safe]
# finding: 2:1: keyword-case keyword casing: 'run' -> 'RUN' [safe]
FROM alpine as b
run echo \
  hi
# ---- output ----
FROM alpine AS b
RUN echo \
  hi
