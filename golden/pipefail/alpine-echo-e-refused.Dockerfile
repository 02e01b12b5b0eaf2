# golden: --unsafe-fixes
FROM node:20-alpine
RUN echo -e "\n[i] installing\n" \
 && curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
