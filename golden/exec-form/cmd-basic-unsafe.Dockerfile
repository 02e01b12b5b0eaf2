# golden: --unsafe-fixes
FROM node:20
CMD npm start
# ---- output ----
FROM node:20
CMD ["npm", "start"]
