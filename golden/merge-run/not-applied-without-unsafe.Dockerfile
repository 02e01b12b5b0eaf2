# golden: --option merge-run-only-gains=false
# finding: 3:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
FROM debian:12
RUN echo a
RUN echo b
