# golden: --unsafe-fixes
# finding: 7:1: merge-run consecutive RUN instructions (not fixed: the first RUN: exec-form RUN)
FROM debian:12
RUN echo a
ENV X=1
RUN echo b
FROM debian:12
RUN ["echo", "c"]
RUN echo d
ONBUILD RUN x
ONBUILD RUN y
