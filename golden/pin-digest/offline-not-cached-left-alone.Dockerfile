# golden: --option offline=true --option pin-cache=false
FROM python:3.12-slim
COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/
RUN --mount=type=cache,from=alpine:3.20,target=/root/.cache true
