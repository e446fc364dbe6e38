#!/usr/bin/python3
"""Reverse interop: JWT and Fernet tokens signed by knox (core/token's token_interop_sign helper),
verified by PyJWT 2.6 and cryptography 38 (Debian's /usr/bin/python3).

Usage: verify_knox_jwt_fernet.py PATH/TO/token_interop_sign     Exit 1 listing every mismatch.
"""
import base64
import datetime as dt
import json
import subprocess
import sys

import jwt
import jwt.api_jwt
from cryptography.fernet import Fernet, InvalidToken

SECRET = "keyboard cat"
TS = 1700000000
KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
OLD_KEY = base64.urlsafe_b64encode(bytes(range(100, 132))).decode()
VALUES_JSON = [{"user": "alice", "admin": False}, {}, {"name": "Zoë 日本語 🍪"},
               {"a": {"b": [1, 2.5, True, None]}, "10": "x", "2": "y"}, {"blob": "x" * 3000},
               {"f": 0.1, "g": 1e100, "small": -3e-7, "exp": TS + 100}]
VALUES_RAW = ["", "hello", "Zoë 🍪", "x" * 5000]


class FrozenDatetime(dt.datetime):
    """PyJWT reads the clock through jwt.api_jwt.datetime; verification happens at TS + 5."""

    @classmethod
    def now(cls, tz=None):
        return dt.datetime.fromtimestamp(TS + 5, tz)


jwt.api_jwt.datetime = FrozenDatetime


def requests():
    out = []
    for v in VALUES_JSON:
        for digest in (None, "sha256", "sha384", "sha512"):
            out.append({"format": "jwt", "options": {"secrets": [SECRET], "digest": digest},
                        "input": json.dumps(v)})
        out.append({"format": "jwt", "options": {"secrets": ["old", SECRET], "timestamp": TS},
                    "input": json.dumps(v)})
    for v in VALUES_RAW:
        out.append({"format": "fernet", "options": {"secrets": [KEY], "timestamp": TS}, "input": v})
        out.append({"format": "fernet", "options": {"secrets": [OLD_KEY, KEY], "timestamp": TS},
                    "input": v})
    return out


def check_jwt(req, token):
    o = req["options"]
    alg = "HS" + o["digest"][3:] if o.get("digest") else "HS256"
    expected = json.loads(req["input"])
    if o.get("timestamp") is not None:
        expected.setdefault("iat", o["timestamp"])
    header = jwt.get_unverified_header(token)
    if header != {"alg": alg, "typ": "JWT"}:
        return f"header {header}"
    # PyJWT 2.6 re-encodes byte-identically: knox must have written exactly PyJWT's bytes.
    if jwt.encode(expected, SECRET, algorithm=alg) != token:
        return "not byte-identical to jwt.encode"
    got = jwt.decode(token, SECRET, algorithms=[alg])
    return None if got == expected else f"payload {got}"


def check_fernet(req, token):
    f = Fernet(KEY)
    try:
        if f.decrypt_at_time(token, 60, TS + 60).decode() != req["input"]:
            return "wrong plaintext"
    except InvalidToken:
        return "rejected"
    if f.extract_timestamp(token) != TS:
        return "timestamp"
    try:
        f.decrypt_at_time(token, 60, TS + 61)
        return "not expired after ttl"
    except InvalidToken:
        return None


def main():
    reqs = requests()
    text = "".join(json.dumps(r) + "\n" for r in reqs)
    proc = subprocess.run([sys.argv[1]], input=text.encode(), capture_output=True, check=True)
    answers = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    failures, passed = [], 0
    for req, ans in zip(reqs, answers):
        label = f"{req['format']} {json.dumps(req['options'])} {req['input'][:40]}"
        if "token" not in ans:
            failures.append(f"{label}: knox refused: {ans.get('error')}")
            continue
        check = check_jwt if req["format"] == "jwt" else check_fernet
        try:
            problem = check(req, ans["token"])
        except Exception as e:  # any library exception is a rejection
            problem = f"{type(e).__name__}: {e}"
        if problem:
            failures.append(f"{label}: {problem}")
        else:
            passed += 1
    if len(answers) != len(reqs):
        failures.append(f"helper answered {len(answers)} of {len(reqs)} requests")
    for f in failures:
        print("FAIL " + f)
    print(f"jwt_fernet_interop_reverse: {passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
