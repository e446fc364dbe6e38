'use strict';
// express-samesite-none-insecure: express-session with sameSite 'none' but without Secure.
// The one mistake: the cookie connect.sid is sent with SameSite=None and no Secure (secure:
// false), which Chromium refuses to store (SameSite=None requires Secure) over http and https
// alike, so a browser never keeps the session although the server works with the id it sent.
// Otherwise done as the documentation recommends: random 32-byte secret per process, HttpOnly,
// saveUninitialized: false (no anonymous session), regenerate at login (a planted id is dropped),
// destroy at logout plus res.clearCookie('connect.sid', { path: '/' }) (a plain deletion without
// SameSite, which browsers honour). MemoryStore, no maxAge (browser-session cookie, sessions never
// expire server-side).
const crypto = require('crypto');
const session = require('express-session');
const common = require('./common');

const args = common.parseArgs(process.argv.slice(2));
const app = common.newApp();
app.use(session({
  secret: crypto.randomBytes(32).toString('base64'),
  resave: false,
  saveUninitialized: false,
  cookie: { httpOnly: true, sameSite: 'none', secure: false },
}));

app.get('/', (req, res) => res.type('text').send('express-samesite-none-insecure: POST /login, GET /me, POST /logout\n'));

app.post('/login', (req, res, next) => {
  if (!common.credentialsOk(req)) return res.status(401).json({ error: 'bad credentials' });
  req.session.regenerate((err) => {
    if (err) return next(err);
    req.session.user = common.USER;
    res.json({ ok: true, user: common.USER });
  });
});

app.get('/me', (req, res) => {
  if (!req.session.user) return res.status(401).json({ error: 'not logged in' });
  res.json({ user: req.session.user });
});

app.post('/logout', (req, res, next) => {
  req.session.destroy((err) => {
    if (err) return next(err);
    res.clearCookie('connect.sid', { path: '/' });
    res.json({ ok: true });
  });
});

common.serve(app, args);
