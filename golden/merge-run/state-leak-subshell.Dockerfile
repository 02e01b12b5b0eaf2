# golden: --unsafe-fixes
FROM debian:12
RUN cd /app && ./configure
RUN make
RUN export A=1; set -e
RUN echo $A
RUN echo $$ > /pid; cd /
RUN echo next
# ---- output ----
FROM debian:12
RUN ( cd /app && ./configure ) && \
    make && \
    ( export A=1; set -e ) && \
    echo $A
RUN echo $$ > /pid; cd /
RUN echo next
