FROM alpine
ENV B "x" y
ENV C a\ b c
