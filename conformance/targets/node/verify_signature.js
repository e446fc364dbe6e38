'use strict';
// Which of the given secrets signed a Node session cookie, decided by the real libraries
// (cookie-signature for express-session, keygrip for cookie-session). Used by
// ground_truth_test.py. stdin: {"format": "express"|"cookie-session", "value": V, "name": N,
// "signature": S, "secrets": [...]} (value as sent in a Cookie header); stdout: {"index": i}
// (-1 when none verifies).
const signature = require('cookie-signature');
const Keygrip = require('keygrip');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const req = JSON.parse(input);
  let index = -1;
  if (req.format === 'express') {
    let raw;
    try { raw = decodeURIComponent(req.value); } catch (e) { raw = req.value; }
    if (raw.startsWith('s:')) {
      index = req.secrets.findIndex((s) => signature.unsign(raw.slice(2), s) !== false);
    }
  } else if (req.format === 'cookie-session') {
    index = new Keygrip(req.secrets).index(`${req.name}=${req.value}`, req.signature);
  } else {
    process.stderr.write(`unknown format ${req.format}\n`);
    process.exit(2);
  }
  process.stdout.write(JSON.stringify({ index }) + '\n');
});
