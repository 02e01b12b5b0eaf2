# finding: 2:1: exec-form CMD in shell form; use the JSON (exec) form [unsafe]
FROM node:20
CMD npm start
