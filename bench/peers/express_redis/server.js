// A peer of `knox serve` in bench/serve_compare: the same four routes on Express with
// express-session and connect-redis (server-side sessions in Redis; the cookie carries only the
// signed session id), as a typical Node.js app writes them, versions pinned by package-lock.json.
//
// Passwords are PBKDF2-HMAC-SHA256 hashes with a random salt (crypto.pbkdf2, on libuv's thread
// pool, at PEER_PBKDF2_ITERATIONS), checked with crypto.timingSafeEqual; an unknown user is
// checked against a dummy hash. Login regenerates the session (a new id), logout destroys the
// Redis record. SESSION_SECRET must be the same in every worker.
//
// Run: SESSION_SECRET=... node server.js --port 8080 --threads 2 --redis redis://127.0.0.1:6379
// (--threads N: N worker processes under node's cluster module, which share the listening socket).
"use strict";
const cluster = require("node:cluster");
const crypto = require("node:crypto");
const { promisify } = require("node:util");

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = Number(option("port", "8080"));
const host = option("host", "127.0.0.1");
const threads = Math.max(1, Number(option("threads", "1")));
const redisUrl = option("redis", "redis://127.0.0.1:6379");

if (cluster.isPrimary) {
  if (!process.env.SESSION_SECRET) {
    console.error("express peer: SESSION_SECRET is not set");
    process.exit(2);
  }
  let stopping = false;
  for (let i = 0; i < threads; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (!stopping) {
      console.error(`express peer: worker ${worker.process.pid} exited (${signal || code})`);
      stopping = true;
      for (const w of Object.values(cluster.workers)) w.process.kill("SIGTERM");
      process.exitCode = 1;
    }
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers)) w.process.kill("SIGTERM");
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else {
  startWorker().catch((err) => {
    console.error(`express peer: ${err.message}`);
    process.exit(1);
  });
}

async function startWorker() {
  const express = require("express");
  const session = require("express-session");
  const { RedisStore } = require("connect-redis");
  const { createClient } = require("redis");

  const iterations = Number(process.env.PEER_PBKDF2_ITERATIONS || "600000");
  const pbkdf2 = promisify(crypto.pbkdf2);
  const hash = (password, salt) => pbkdf2(password, salt, iterations, 32, "sha256");

  const salt = crypto.randomBytes(16);
  const users = new Map([
    ["alice", { salt, hash: await hash("wonderland", salt), roles: ["user"] }],
  ]);
  const dummySalt = crypto.randomBytes(16);
  const dummyHash = await hash(crypto.randomBytes(16).toString("hex"), dummySalt);
  const dummy = { salt: dummySalt, hash: dummyHash, roles: [] };

  const client = createClient({ url: redisUrl });
  client.on("error", (err) => console.error(`express peer: redis: ${err.message}`));
  await client.connect();

  const app = express();
  app.use(session({
    store: new RedisStore({ client }),
    secret: process.env.SESSION_SECRET,
    name: "sid",
    resave: false,
    saveUninitialized: false,
    // Secure is left off: express-session refuses to send a Secure cookie over plain HTTP (the
    // benchmark runs on loopback without TLS) unless a proxy says the request was HTTPS.
    cookie: { httpOnly: true, sameSite: "lax", path: "/" },
  }));

  const noStore = (res, status, body) =>
    res.status(status).set("Cache-Control", "no-store").json(body);

  app.get("/", (req, res) =>
    res.type("text/plain").send("peer: POST /login, GET /me, POST /logout\n"));

  app.post("/login", express.urlencoded({ extended: false, limit: "64kb" }),
           express.json({ limit: "64kb" }), async (req, res, next) => {
    const body = req.body && typeof req.body === "object" ? req.body : {};
    const { username, password } = body;
    if (typeof username !== "string" || typeof password !== "string") {
      return noStore(res, 400, { error: "malformed login body" });
    }
    try {
      const user = users.get(username) || dummy;
      const ok = crypto.timingSafeEqual(await hash(password, user.salt), user.hash);
      if (!ok || !users.has(username)) return noStore(res, 401, { error: "invalid credentials" });
      req.session.regenerate((err) => {
        if (err) return next(err);
        req.session.user = username;
        req.session.roles = user.roles;
        noStore(res, 200, { user: username, roles: user.roles });
      });
    } catch (err) {
      next(err);
    }
  });

  app.get("/me", (req, res) => {
    if (!req.session.user) return noStore(res, 401, { error: "not logged in" });
    noStore(res, 200, { user: req.session.user, roles: req.session.roles });
  });

  app.post("/logout", (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie("sid", { path: "/" });
      noStore(res, 200, { logged_out: true });
    });
  });

  // Body-parser errors carry their status (400, 413, 415); anything else (Redis down) is 503.
  app.use((err, req, res, next) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 503;
    noStore(res, status, { error: status === 503 ? "session store unavailable" : "bad request" });
  });

  const server = app.listen(port, host);
  process.on("SIGTERM", () => {
    server.close();
    server.closeAllConnections();
    client.quit().finally(() => process.exit(0));
  });
}
