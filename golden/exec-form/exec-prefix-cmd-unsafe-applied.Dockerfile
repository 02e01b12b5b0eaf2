# golden: --unsafe-fixes
# finding: 2:1: exec-form CMD in shell form needs its shell here (a variable or substitution); prefix the command with exec so that the program gets the signals [unsafe]
FROM node:20
CMD node server.js --port $PORT
# ---- output ----
FROM node:20
CMD exec node server.js --port $PORT
