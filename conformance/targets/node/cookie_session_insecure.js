'use strict';
// cookie-session-insecure: the whole session in a signed cookie (cookie-session + keygrip).
// Intended flaws: keys ["keyboard cat"] (in knox's bundled list); user and role readable in the
// base64 JSON value of `session` (signed by the companion `session.sig`); default attributes
// (HttpOnly and Path=/, but no Secure, no SameSite, no maxAge: a browser-session cookie with no
// expiry anywhere); logout sets req.session = null, which expires both cookies in the browser but
// a replayed pair stays valid (nothing is kept on the server).
const cookieSession = require('cookie-session');
const common = require('./common');

const args = common.parseArgs(process.argv.slice(2));
const app = common.newApp();
app.use(cookieSession({ keys: ['keyboard cat'] }));

app.get('/', (req, res) => res.type('text').send('cookie-session-insecure: POST /login, GET /me, POST /logout\n'));

app.post('/login', (req, res) => {
  if (!common.credentialsOk(req)) return res.status(401).json({ error: 'bad credentials' });
  req.session.user = common.USER;
  req.session.role = 'admin';
  res.json({ ok: true, user: common.USER });
});

app.get('/me', (req, res) => {
  if (!req.session || !req.session.user) return res.status(401).json({ error: 'not logged in' });
  res.json({ user: req.session.user, role: req.session.role });
});

app.post('/logout', (req, res) => {
  req.session = null;
  res.json({ ok: true });
});

common.serve(app, args);
