FROM node:20
CMD npm start
