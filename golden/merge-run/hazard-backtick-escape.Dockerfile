# golden: --unsafe-fixes
# escape=`
FROM alpine
RUN echo a
RUN echo b
