'use strict';
// Which of the given secrets signed (or sealed) a Node session cookie, decided by the real
// libraries (cookie-signature for express-session, keygrip for cookie-session, @hapi/iron for
// iron seals). Used by ground_truth_test.py. stdin: {"format": "express"|"cookie-session"|"iron",
// "value": V, "name": N, "signature": S, "secrets": [...]} (value as sent in a Cookie header);
// stdout: {"index": i} (-1 when none verifies), plus "payload" (the unsealed object) for iron.
// Iron refuses passwords shorter than 32 characters: such a secret cannot have sealed anything.
const signature = require('cookie-signature');
const Keygrip = require('keygrip');
const Iron = require('@hapi/iron');

async function unsealWithAny(value, secrets) {
  for (let i = 0; i < secrets.length; i++) {
    try {
      return { index: i, payload: await Iron.unseal(value, secrets[i], Iron.defaults) };
    } catch (e) {
      // wrong password, too short a password, or not a seal
    }
  }
  return { index: -1 };
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const req = JSON.parse(input);
  if (req.format === 'iron') {
    process.stdout.write(JSON.stringify(await unsealWithAny(req.value, req.secrets)) + '\n');
    return;
  }
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
