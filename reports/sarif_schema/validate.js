// Validates SARIF logs against the official SARIF 2.1.0 JSON schema (draft-04), as published by
// OASIS and shipped in Microsoft's SARIF SDK (@microsoft/jest-sarif, sarif-2.1.0-rtm.5.json),
// with Ajv and its formats (uri, uri-reference, date-time), all pinned by package-lock.json.
// Usage: node validate.js FILE...   Exit 0 when every file is valid, 1 otherwise (errors on
// stderr), 2 on a usage error.
"use strict";
const fs = require("fs");
const Ajv = require("ajv-draft-04");
const addFormats = require("ajv-formats");
const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

if (process.argv.length < 3) {
  console.error("usage: node validate.js FILE...");
  process.exit(2);
}
// unicodeRegExp: false because the schema's language pattern has a stray "]" that is an error in
// unicode mode and a literal character otherwise (as in JSON Schema draft-04's ECMA 262 regexes).
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);
let failed = 0;
for (const file of process.argv.slice(2)) {
  let log;
  try {
    log = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`${file}: not JSON: ${e.message}`);
    failed++;
    continue;
  }
  if (validate(log)) {
    console.log(`${file}: valid SARIF 2.1.0`);
  } else {
    failed++;
    for (const err of validate.errors.slice(0, 20)) {
      console.error(`${file}: ${err.instancePath || "/"} ${err.message} ${JSON.stringify(err.params)}`);
    }
  }
}
process.exit(failed ? 1 : 0);
