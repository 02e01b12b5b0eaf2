# golden: --unsafe-fixes
FROM php:8.3-cli
RUN composer install --no-dev
RUN export WORKERS=$(nproc)
RUN if [ "$(nproc)" -gt 2 ]; then export WORKERS=$(($(nproc) - 1)); fi
RUN export NODE_ENV=production && npm ci
RUN export NODE_ENV=production && npm run build
RUN cd /app && BUILD=1 make
RUN echo "$BUILD" > /build-flag
# ---- output ----
FROM php:8.3-cli
RUN composer install --no-dev && \
    export WORKERS=$(nproc)
RUN ( if [ "$(nproc)" -gt 2 ]; then export WORKERS=$(($(nproc) - 1)); fi ) && \
    export NODE_ENV=production && npm ci
RUN ( export NODE_ENV=production && npm run build ) && \
    ( cd /app && BUILD=1 make ) && \
    echo "$BUILD" > /build-flag
