# golden: --option offline=true --option pin-cache=false
# finding: 1:6: pin-digest FROM image python:3.12-slim is not pinned to a digest (not fixed: docker.io: not in the cache (--offline))
# finding: 2:13: pin-digest COPY --from image nginx:1.27 is not pinned to a digest (not fixed: docker.io: not in the cache (--offline))
# finding: 3:29: pin-digest RUN --mount from image alpine:3.20 is not pinned to a digest (not fixed: docker.io: not in the cache (--offline))
FROM python:3.12-slim
COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/
RUN --mount=type=cache,from=alpine:3.20,target=/root/.cache true
