# golden: --unsafe-fixes --option merge-run-only-gains=false
# finding: 3:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
# finding: 4:1: merge-run consecutive RUN instructions (not fixed: a RUN before sets WORKERS, which this RUN uses; joined, that RUN would run in a subshell and shellcheck would report the lost value (SC2031))
# finding: 5:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
# finding: 6:1: merge-run consecutive RUN instructions (not fixed: a RUN before sets NODE_ENV, which this RUN uses; joined, that RUN would run in a subshell and shellcheck would report the lost value (SC2031))
# finding: 7:1: merge-run 3 consecutive RUN instructions can be one [unsafe]
FROM php:8.3-cli
RUN composer dump-autoload
RUN export WORKERS=$(nproc)
RUN if [ "$(nproc)" -gt 2 ]; then export WORKERS=$(($(nproc) - 1)); fi
RUN export NODE_ENV=production && npm run lint
RUN export NODE_ENV=production && npm run build
RUN cd /app && BUILD=1 ./build.sh
RUN echo "$BUILD" > /build-flag
# ---- output ----
FROM php:8.3-cli
RUN composer dump-autoload && \
    export WORKERS=$(nproc)
RUN ( if [ "$(nproc)" -gt 2 ]; then export WORKERS=$(($(nproc) - 1)); fi ) && \
    export NODE_ENV=production && npm run lint
RUN ( export NODE_ENV=production && npm run build ) && \
    ( cd /app && BUILD=1 ./build.sh ) && \
    echo "$BUILD" > /build-flag
