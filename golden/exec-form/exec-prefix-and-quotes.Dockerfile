# golden: --unsafe-fixes
# finding: 2:1: exec-form CMD in shell form; use the JSON (exec) form [unsafe]
FROM nginx
CMD exec nginx -g 'daemon off;'
# ---- output ----
FROM nginx
CMD ["nginx", "-g", "daemon off;"]
