# findings: none
FROM alpine
CMD ["npm", "start"]
ENTRYPOINT ["/x"]
