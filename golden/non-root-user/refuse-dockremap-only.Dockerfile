# golden: --unsafe-fixes
FROM alpine:3.20
RUN addgroup -S dockremap && adduser -S -G dockremap dockremap \
    && echo 'dockremap:165536:65536' >> /etc/subuid
CMD ["sh"]
