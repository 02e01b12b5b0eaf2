# golden: --unsafe-fixes
FROM nginx
CMD exec nginx -g 'daemon off;'
# ---- output ----
FROM nginx
CMD ["nginx", "-g", "daemon off;"]
