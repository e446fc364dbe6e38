#!/usr/bin/python3
"""`knox token verify` with public keys and `knox token forge`, end to end, against PyJWT 2.6.

- knox verifies PyJWT's RS256 and ES256 tokens with a PEM key and a JWK Set (kid);
- every forgery knox makes (alg none, HS256 with the public key's bytes, stripped signature) is
  refused by PyJWT and by knox when verifying with the public key — and the HS forgery is accepted
  by an HMAC verifier given the PEM text as its secret, i.e. it is exactly what a key-confused
  server accepts;
- misuse is a usage error (exit 2).

usage: check_jwt_forge.py PATH_TO_KNOX
"""
import json
import os
import subprocess
import sys

import jwt
from cryptography.hazmat.primitives import serialization

KNOX = sys.argv[1]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEYS = os.path.join(ROOT, "interop", "vectors", "jwt_keys")
FAILURES = []


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print("FAIL:", what)


def knox(*args):
    return subprocess.run([KNOX, "token", *args], capture_output=True, text=True, timeout=30)


def vector(case):
    with open(os.path.join(ROOT, "interop", "vectors", "jwt_pk.jsonl")) as f:
        for line in f:
            v = json.loads(line)
            if v["case"] == case:
                return v["token"]
    raise KeyError(case)


rsa_pem = os.path.join(KEYS, "rsa.pem")
with open(rsa_pem, "rb") as f:
    rsa_public = serialization.load_pem_public_key(f.read())
with open(rsa_pem) as f:
    rsa_text = f.read()

rs256 = vector("valid-RS256")
r = knox("verify", "--format", "jwt", "--secret-file", rsa_pem, "--json", rs256)
check(r.returncode == 0 and json.loads(r.stdout)["value"]["sub"] == "alice",
      f"verify RS256 with PEM: {r.returncode} {r.stdout} {r.stderr}")
r = knox("verify", "--format", "jwt", "--secret-file", os.path.join(KEYS, "jwks.json"),
         vector("jwks-kid-r2"))
check(r.returncode == 0, f"verify with JWK Set and kid: {r.returncode} {r.stderr}")
r = knox("verify", "--format", "jwt", "--secret-file", os.path.join(KEYS, "ec256.pem"),
         vector("valid-ES256"))
check(r.returncode == 0, f"verify ES256: {r.returncode} {r.stderr}")

for attack in ("none", "hs-with-public-key", "strip-signature"):
    extra = ["--secret-file", rsa_pem] if attack == "hs-with-public-key" else []
    r = knox("forge", "--format", "jwt", "--attack", attack, *extra, rs256)
    check(r.returncode == 0, f"forge {attack}: {r.returncode} {r.stderr}")
    forged = r.stdout.strip()
    try:
        jwt.decode(forged, rsa_public, algorithms=["RS256", "RS384", "RS512", "PS256"])
        check(False, f"PyJWT accepted the {attack} forgery")
    except jwt.InvalidTokenError:
        pass
    r = knox("verify", "--format", "jwt", "--secret-file", rsa_pem, forged)
    check(r.returncode == 1, f"knox with the public key must refuse {attack}: {r.returncode}")
    if attack == "hs-with-public-key":
        r = knox("verify", "--format", "jwt", "--secret", rsa_text, "--json", forged)
        check(r.returncode == 0 and json.loads(r.stdout)["value"]["sub"] == "alice",
              f"a key-confused HMAC verifier accepts the forgery: {r.returncode} {r.stderr}")

for args in (["forge", "--format", "flask", "--attack", "none", rs256],
             ["forge", "--format", "jwt", "--attack", "hs-with-public-key", rs256],
             ["forge", "--format", "jwt", "--attack", "none", "--secret-file", rsa_pem, rs256],
             ["forge", "--format", "jwt", "--attack", "bogus", rs256],
             ["sign", "--format", "jwt", "--secret-file", rsa_pem, "{}"],
             ["verify", "--format", "flask", "--secret-file", rsa_pem, rs256],
             ["verify", "--format", "jwt", "--secret", "s", "--secret-file", rsa_pem, rs256]):
    r = knox(*args)
    check(r.returncode == 2 and r.stderr.startswith("knox"), f"{args[:5]}: exit {r.returncode}")
r = knox("forge", "--format", "jwt", "--attack", "none", "not-a-jwt")
check(r.returncode == 1, f"forge of a non-JWT: exit {r.returncode}")

print("check_jwt_forge:", "FAILED" if FAILURES else "ok")
sys.exit(1 if FAILURES else 0)
