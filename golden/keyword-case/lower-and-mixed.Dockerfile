# finding: 1:1: keyword-case keyword casing: 'from' -> 'FROM', 'as' -> 'AS' [safe]
# finding: 2:1: keyword-case keyword casing: 'run' -> 'RUN' [safe]
# finding: 3:1: keyword-case keyword casing: 'Copy' -> 'COPY' [safe]
from alpine as build
run echo hi
Copy a b
# ---- output ----
FROM alpine AS build
RUN echo hi
COPY a b
