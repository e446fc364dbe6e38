#!/usr/bin/env node
// Reverse interop: tokens signed by knox (core/token's token_interop_sign helper), verified by the
// real Node libraries: express-session's middleware must load the session id, cookie-session's
// middleware must load the session, jsonwebtoken.verify must return the payload, @hapi/iron.unseal
// must return the object (and honour the ttl knox wrote).
// Usage: node verify_knox.js PATH/TO/token_interop_sign      Exit 1 listing every mismatch.
'use strict';

const childProcess = require('child_process');
const http = require('http');

const session = require('express-session');
const cookieSession = require('cookie-session');
const jwt = require('jsonwebtoken');
const Iron = require('@hapi/iron');

const SECRET = 'keyboard cat';
const OLD = 'an older secret';
const PASSWORD = 'some_not_random_password_that_is_at_least_32_characters';
const TS = 1700000000;
const VALUES_JSON = [{user: 'alice', admin: false}, {}, {name: 'Zoë 日本語 🍪'},
  {a: {b: [1, 2.5, true, null]}, '10': 'x', '2': 'y'}, {blob: 'x'.repeat(3000)},
  {f: 0.1, g: 1e100, small: -3e-7}];
const IDS = ['Xk2vQp9Lr7TnW1yZ0aBcDeFgHiJkLmNo', 'a', 'a.b.c', 'sessión-日本', 'a+b/c=d;e f%g"h'];

function opts(secrets, extra = {}) {
  return {secrets, timestamp: TS, ...extra};
}

function requests() {
  const out = [];
  for (const id of IDS) {
    out.push({format: 'express', options: opts([SECRET]), input: id});
    out.push({format: 'express', options: opts([OLD, SECRET]), input: id});
  }
  for (const v of VALUES_JSON) {
    for (const name of ['session', 'my.sess']) {
      out.push({format: 'cookie-session', options: opts([SECRET], {cookie_name: name}),
        input: JSON.stringify(v)});
    }
    for (const digest of [null, 'sha256', 'sha384', 'sha512']) {
      out.push({format: 'jwt', options: opts([SECRET], {digest}), input: JSON.stringify(v)});
    }
    out.push({format: 'iron', options: opts([PASSWORD]), input: JSON.stringify(v)});
    out.push({format: 'iron', options: opts([PASSWORD], {max_age: 60}), input: JSON.stringify(v)});
  }
  return out;
}

class RecordingStore extends session.Store {
  constructor() { super(); this.loaded = undefined; }
  get(sid, cb) { this.loaded = sid; cb(null, {cookie: {originalMaxAge: null, path: '/'}}); }
  set(sid, sess, cb) { cb(null); }
  destroy(sid, cb) { cb(null); }
}

function expressLoads(token, secret) {
  const store = new RecordingStore();
  const mw = session({secret, store, resave: false, saveUninitialized: false});
  const req = {headers: {cookie: 'connect.sid=' + token}, url: '/', originalUrl: '/', method: 'GET'};
  mw(req, new http.ServerResponse(req), () => {});
  return store.loaded;
}

function cookieSessionLoads(token, sig, name, keys) {
  const mw = cookieSession({name, keys});
  const headers = {};
  const req = {headers: {cookie: `${name}=${token}; ${name}.sig=${sig}`}, socket: {}, connection: {}};
  const res = {getHeader: (n) => headers[n], setHeader: (n, v) => { headers[n] = v; }, writeHead() {}};
  mw(req, res, () => {});
  return req.session.isNew ? undefined : JSON.stringify(req.session);
}

async function ironCheck(token, ttl) {
  const realNow = Date.now;
  try {
    Date.now = () => TS * 1000 + 5000;
    const obj = await Iron.unseal(token, PASSWORD, Iron.defaults);
    if (!ttl) return obj;
    Date.now = () => TS * 1000 + ttl * 1000 + 59999;
    await Iron.unseal(token, PASSWORD, Iron.defaults);
    Date.now = () => TS * 1000 + ttl * 1000 + 60000;
    try {
      await Iron.unseal(token, PASSWORD, Iron.defaults);
      return 'not expired after ttl + skew';
    } catch (e) {
      return e.message === 'Expired seal' ? obj : e.message;
    }
  } catch (e) {
    return 'unseal failed: ' + e.message;
  } finally {
    Date.now = realNow;
  }
}

async function main() {
  const reqs = requests();
  const proc = childProcess.spawnSync(process.argv[2], [],
    {input: reqs.map((r) => JSON.stringify(r) + '\n').join(''), maxBuffer: 1 << 26});
  if (proc.status !== 0) throw new Error('helper failed: ' + proc.stderr);
  const answers = proc.stdout.toString().trim().split('\n').map((l) => JSON.parse(l));
  const failures = [];
  let passed = 0;
  for (let i = 0; i < reqs.length; i++) {
    const {format, options, input} = reqs[i];
    const ans = answers[i] || {};
    const label = `${format} ${JSON.stringify(options)} ${input.slice(0, 40)}`;
    if (!ans.token) {
      failures.push(`${label}: knox refused: ${ans.error}`);
      continue;
    }
    let ok = false;
    if (format === 'express') {
      ok = expressLoads(ans.token, [SECRET]) === input;
    } else if (format === 'cookie-session') {
      const name = options.cookie_name;
      const expected = JSON.stringify(JSON.parse(input));
      ok = cookieSessionLoads(ans.token, ans.signature, name, [SECRET]) === expected;
    } else if (format === 'jwt') {
      try {
        const algorithms = options.digest ? ['HS' + options.digest.slice(3)] : ['HS256'];
        const payload = jwt.verify(ans.token, SECRET, {algorithms, clockTimestamp: TS});
        // knox adds iat (appended) only because the request carries a timestamp.
        const expected = {...JSON.parse(input)};
        if (!('iat' in expected)) expected.iat = options.timestamp;
        ok = JSON.stringify(payload) === JSON.stringify(expected);
      } catch (e) {
        ok = false;
      }
    } else if (format === 'iron') {
      const obj = await ironCheck(ans.token, options.max_age);
      ok = JSON.stringify(obj) === JSON.stringify(JSON.parse(input));
      const hasExpiry = ans.token.split('*')[5] !== '';
      ok = ok && hasExpiry === Boolean(options.max_age);
    }
    if (ok) passed++; else failures.push(`${label}: not accepted by the library (${ans.token.slice(0, 60)})`);
  }
  for (const f of failures) console.log('FAIL ' + f);
  console.log(`node_interop_reverse: ${passed} passed, ${failures.length} failed`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
