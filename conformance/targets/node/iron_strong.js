'use strict';
// iron-strong: the whole session sealed into the cookie with @hapi/iron (AES-256-CBC + HMAC-SHA256,
// keys derived from the password with PBKDF2), with a strong random password.
// The cookie `session` holds Iron.seal({user, role}) — ciphertext, nothing readable — sealed with
// a 43-character random password (32 random bytes, base64url) made per process, or the one in the
// environment variable KNOX_TARGET_IRON_PASSWORD (at least 32 characters; the ground-truth test
// sets it so it can unseal the cookie with the real library). Secure, HttpOnly, SameSite=Lax,
// Path=/, no maxAge and no iron ttl (a browser-session cookie that never expires). GET / sets no
// cookie. Login seals a new session; a value that does not unseal (tampered, wrong password) is
// no session. Logout clears the cookie with the same attributes but, being stateless, cannot
// revoke a copy: a replayed sealed cookie still logs in.
const crypto = require('crypto');
const Iron = require('@hapi/iron');
const common = require('./common');

const COOKIE = 'session';
const ATTRIBUTES = { secure: true, httpOnly: true, sameSite: 'lax', path: '/' };
const PASSWORD =
  process.env.KNOX_TARGET_IRON_PASSWORD || crypto.randomBytes(32).toString('base64url');
if (PASSWORD.length < 32) {
  process.stderr.write('KNOX_TARGET_IRON_PASSWORD must have at least 32 characters\n');
  process.exit(2);
}

const args = common.parseArgs(process.argv.slice(2));
const app = common.newApp();

// The unsealed session of the request, or null (no cookie, or one that does not unseal).
async function sessionOf(req) {
  const header = req.headers.cookie || '';
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0 || part.slice(0, i).trim() !== COOKIE) continue;
    try {
      return await Iron.unseal(part.slice(i + 1).trim(), PASSWORD, Iron.defaults);
    } catch (e) {
      return null;
    }
  }
  return null;
}

app.get('/', (req, res) => res.type('text').send('iron-strong: POST /login, GET /me, POST /logout\n'));

app.post('/login', async (req, res, next) => {
  if (!common.credentialsOk(req)) return res.status(401).json({ error: 'bad credentials' });
  try {
    const sealed = await Iron.seal({ user: common.USER, role: 'admin' }, PASSWORD, Iron.defaults);
    res.cookie(COOKIE, sealed, { ...ATTRIBUTES, encode: String });
    res.json({ ok: true, user: common.USER });
  } catch (e) {
    next(e);
  }
});

app.get('/me', async (req, res) => {
  const s = await sessionOf(req);
  if (!s || !s.user) return res.status(401).json({ error: 'not logged in' });
  res.json({ user: s.user, role: s.role });
});

app.post('/logout', (req, res) => {
  res.clearCookie(COOKIE, ATTRIBUTES);
  res.json({ ok: true });
});

common.serve(app, args);
