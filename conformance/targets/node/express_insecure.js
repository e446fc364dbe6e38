'use strict';
// express-insecure: express-session with the mistakes of countless tutorials.
// Intended flaws: secret "keyboard cat" (in knox's bundled list); the cookie connect.sid is
// readable by scripts (httpOnly: false), no Secure, no SameSite; saveUninitialized: true, so the
// anonymous visit of / already gets a session id; login does NOT call req.session.regenerate
// (the pre-login id is kept: session fixation, no rotation); logout only clears the cookie in the
// browser (res.clearCookie) without req.session.destroy, so a replayed cookie still logs in.
// Sessions live in express-session's MemoryStore and never expire (browser-session cookie).
const session = require('express-session');
const common = require('./common');

const args = common.parseArgs(process.argv.slice(2));
const app = common.newApp();
app.use(session({
  secret: 'keyboard cat',
  resave: false,
  saveUninitialized: true,
  cookie: { httpOnly: false },
}));

app.get('/', (req, res) => res.type('text').send('express-insecure: POST /login, GET /me, POST /logout\n'));

app.post('/login', (req, res) => {
  if (!common.credentialsOk(req)) return res.status(401).json({ error: 'bad credentials' });
  req.session.user = common.USER;
  req.session.role = 'admin';
  res.json({ ok: true, user: common.USER });
});

app.get('/me', (req, res) => {
  if (!req.session.user) return res.status(401).json({ error: 'not logged in' });
  res.json({ user: req.session.user, role: req.session.role });
});

app.post('/logout', (req, res) => {
  res.clearCookie('connect.sid');
  res.json({ ok: true });
});

common.serve(app, args);
