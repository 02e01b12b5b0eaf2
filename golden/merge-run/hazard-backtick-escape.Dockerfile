# golden: --unsafe-fixes
# finding: 4:1: merge-run consecutive RUN instructions (not fixed: the escape character is not \)
# escape=`
FROM alpine
RUN echo a
RUN echo b
