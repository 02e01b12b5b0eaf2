# golden: --unsafe-fixes
FROM node:20
CMD node server.js --port $PORT
# ---- output ----
FROM node:20
CMD exec node server.js --port $PORT
