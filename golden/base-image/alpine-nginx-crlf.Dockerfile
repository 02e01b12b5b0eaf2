# golden: --unsafe-fixes
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
# ---- output ----
FROM nginx:1.27-alpine
COPY site/ /usr/share/nginx/html/
