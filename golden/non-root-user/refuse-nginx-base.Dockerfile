# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER) (not fixed: the base image's command (nginx:1.27) is a server that needs root (ports below 1024))
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
