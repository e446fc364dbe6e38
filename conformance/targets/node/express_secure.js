'use strict';
// express-secure: express-session configured as its documentation recommends.
// Random 32-byte secret per process; cookie __Host-sid with Secure, HttpOnly, SameSite=Lax,
// Path=/ and maxAge 10 s; saveUninitialized: false (no anonymous sessions); login regenerates
// the session (new id; a planted one is dropped); logout destroys the session in the store and
// clears the cookie with the same attributes. MemoryStore expires a session 10 s after its last
// use (express-session resets maxAge on every request and touches the store).
//
// Over plain http express-session refuses to send a Secure cookie (no `trust proxy` is set, so no
// X-Forwarded-Proto is believed): login answers 200 but no session is ever established and /me
// stays 401. The target is meant to be run over https (tls_required in targets.json).
const crypto = require('crypto');
const session = require('express-session');
const common = require('./common');

const COOKIE = '__Host-sid';
const ATTRIBUTES = { secure: true, httpOnly: true, sameSite: 'lax', path: '/' };

const args = common.parseArgs(process.argv.slice(2));
const app = common.newApp();
app.use(session({
  name: COOKIE,
  secret: crypto.randomBytes(32).toString('base64'),
  resave: false,
  saveUninitialized: false,
  cookie: { ...ATTRIBUTES, maxAge: 10000 },
}));

app.get('/', (req, res) => res.type('text').send('express-secure: POST /login, GET /me, POST /logout\n'));

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
    res.clearCookie(COOKIE, ATTRIBUTES);
    res.json({ ok: true });
  });
});

common.serve(app, args);
