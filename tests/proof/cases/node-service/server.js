const http = require("http");
const port = Number(process.env.PORT || 8102);
http.createServer((req, res) => res.end("hello from node\n")).listen(port, "127.0.0.1", () => {
  console.log(`listening on ${port}`);
});
