#!/usr/bin/python3
"""knox's SARIF validates against the official SARIF 2.1.0 JSON schema.

Usage: sarif_schema_test.py PATH/TO/knox_render_sample PATH/TO/knox

The schema is the OASIS SARIF 2.1.0 schema as Microsoft's SARIF SDK ships it
(@microsoft/jest-sarif, lib/schemas/sarif-2.1.0-rtm.5.json) and the validator is Ajv with its
draft-04 dialect and formats, all pinned by package-lock.json in this directory and installed by
./setup (npm ci). Validated:
- the sample report (reports/sample_report.cc: hostile strings in every target-controlled field);
- the SARIF of a real `knox audit` of `knox serve --insecure-demo` on loopback (findings of most
  families, a cracked secret);
and, so that the test can fail, a copy of the sample log with one result's level changed to a
value the schema forbids must be rejected.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

SAMPLE, KNOX = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
VALIDATE = ["node", os.path.join(HERE, "validate.js")]
SCHEMA = os.path.join(HERE, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas",
                      "sarif-2.1.0-rtm.5.json")
if not os.path.exists(SCHEMA):
    sys.exit(f"FAIL: {SCHEMA} is missing: run ./setup (npm ci in reports/sarif_schema)")


def validate(path):
    return subprocess.run(VALIDATE + [path], capture_output=True, text=True, timeout=60)


failures = []
with tempfile.TemporaryDirectory() as tmp:
    # 1. The sample report.
    sample = os.path.join(tmp, "sample.sarif")
    with open(sample, "wb") as f:
        f.write(subprocess.run([SAMPLE, "sarif"], check=True, capture_output=True).stdout)
    r = validate(sample)
    if r.returncode != 0:
        failures.append(f"sample report: {r.stderr.strip()}")

    # 2. The negative control: a level the schema does not allow.
    log = json.load(open(sample, encoding="utf-8"))
    log["runs"][0]["results"][0]["level"] = "critical"
    broken = os.path.join(tmp, "broken.sarif")
    json.dump(log, open(broken, "w", encoding="utf-8"))
    r = validate(broken)
    if r.returncode != 1 or "level" not in r.stderr:
        failures.append(f"an invalid level was not rejected: {r.returncode} {r.stderr.strip()}")

    # 3. A real audit of the reference server with its classic mistakes, over loopback.
    server = subprocess.Popen([KNOX, "serve", "--insecure-demo", "--listen", "127.0.0.1:0",
                               "--pbkdf2-iterations", "1000", "--threads", "1"],
                              stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        m = re.search(r"listening on (http://\S+)", line)
        if not m:
            failures.append(f"knox serve did not start: {line!r}")
        else:
            audit = os.path.join(tmp, "audit.sarif")
            r = subprocess.run([KNOX, "audit", m.group(1) + "/", "--user", "alice", "--password",
                                "wonderland", "--max-wait", "0", "--samples", "2", "--threads",
                                "1", "--format", "sarif", "--output", audit],
                               capture_output=True, text=True, timeout=120)
            if r.returncode != 1:
                failures.append(f"knox audit: exit {r.returncode} (expected 1): {r.stderr}")
            else:
                results = json.load(open(audit, encoding="utf-8"))["runs"][0]["results"]
                if len(results) < 3:
                    failures.append(f"the audit found only {len(results)} result(s)")
                r = validate(audit)
                if r.returncode != 0:
                    failures.append(f"knox audit SARIF: {r.stderr.strip()}")
    finally:
        server.terminate()
        server.wait(timeout=30)

for f in failures:
    print("FAIL:", f)
print(f"SARIF 2.1.0 schema: {len(failures)} problem(s)")
sys.exit(1 if failures else 0)
