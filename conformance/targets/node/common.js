'use strict';
// Shared plumbing of the Node targets: command line, credentials, http/https serving. Every
// session decision is made in each target's own file with the library's own options.
const fs = require('fs');
const http = require('http');
const https = require('https');
const express = require('express');

const USER = 'alice';
const PASSWORD = 'wonderland';

function parseArgs(argv) {
  const args = { host: '127.0.0.1', port: 8000, tlsCert: null, tlsKey: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) usage(`${flag} needs a value`);
    if (flag === '--host') args.host = value;
    else if (flag === '--port') args.port = Number(value);
    else if (flag === '--tls-cert') args.tlsCert = value;
    else if (flag === '--tls-key') args.tlsKey = value;
    else usage(`unknown option ${flag}`);
    i++;
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) usage('bad --port');
  if (!args.tlsCert !== !args.tlsKey) usage('--tls-cert and --tls-key go together');
  return args;
}

function usage(why) {
  process.stderr.write(`${why}\nusage: node APP.js [--host H] [--port N] [--tls-cert F --tls-key F]\n`);
  process.exit(2);
}

// An express app with form and JSON bodies parsed.
function newApp() {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false }));
  app.use(express.json());
  return app;
}

function credentialsOk(req) {
  const body = req.body || {};
  return body.username === USER && body.password === PASSWORD;
}

function serve(app, args) {
  const server = args.tlsCert
    ? https.createServer({ cert: fs.readFileSync(args.tlsCert), key: fs.readFileSync(args.tlsKey) }, app)
    : http.createServer(app);
  server.listen(args.port, args.host, () => {
    const scheme = args.tlsCert ? 'https' : 'http';
    process.stderr.write(`listening on ${scheme}://${args.host}:${args.port}\n`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    if (server.closeAllConnections) server.closeAllConnections();  // idle keep-alive clients
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return server;
}

module.exports = { USER, parseArgs, newApp, credentialsOk, serve };
