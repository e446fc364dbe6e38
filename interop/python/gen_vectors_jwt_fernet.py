#!/usr/bin/python3
"""Writes interop/vectors/jwt_fernet.jsonl: JWT vectors from PyJWT 2.6 and Fernet vectors from
cryptography 38, produced and checked by the real libraries (Debian's /usr/bin/python3).

Time is frozen: PyJWT reads datetime.now() inside jwt.api_jwt, which is replaced by a class whose
now() returns the vector's `now`; Fernet has encrypt/decrypt_at_time. IVs are fixed through
Fernet._encrypt_from_parts, so the output is byte-identical run to run.

Usage: /usr/bin/python3 gen_vectors_jwt_fernet.py [OUTPUT | --check FILE]   (default: stdout)

Fields: format ("jwt" | "fernet"), name, op ("sign" | "verify"), secrets (verify, tried in order)
or secret (sign), algorithms (jwt: the accepted list), now (Unix seconds), ttl (fernet, null for
none), timestamp and iv_hex (fernet sign), token, value (sign input; verify: the library's result:
compact JSON for jwt, value_hex for fernet plaintexts), outcome ("ok" | "bad-signature" | "expired" |
"malformed").
"""
import base64
import datetime as dt
import hashlib
import hmac
import json
import sys

import jwt
import jwt.api_jwt
import pinned_versions
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

NOW = 1700000000
SECRETS = ["keyboard cat", "n3w-s3cret-2024", "sécret-ünïcode"]
HS = ["HS256", "HS384", "HS512"]
SHAPES = {
    "empty": {},
    "simple": {"user": "alice", "admin": False},
    "unicode": {"name": "Zoë 日本語 🍪", "quote": '"\\/\n\t', "ctrl": "\u0001\u007f"},
    "nested": {"a": {"b": {"c": [1, 2.5, -3e-7, None, True, {"d": "e"}]}}, "10": "int-key",
               "2": "first"},
    "numbers": {"big": 12345678901234, "small": -0.000001, "exp": 1e21, "frac": 0.1},
    "large": {"blob": "x" * 40000},
}

out = []


def emit(v):
    out.append(json.dumps(v, ensure_ascii=False, separators=(",", ":")))


class FrozenDatetime(dt.datetime):
    frozen = NOW

    @classmethod
    def now(cls, tz=None):
        return dt.datetime.fromtimestamp(cls.frozen, tz)


jwt.api_jwt.datetime = FrozenDatetime


def jwt_outcome(token, secrets, algorithms, now):
    """PyJWT's verdict, trying each secret like a key list: the first non-signature outcome wins."""
    FrozenDatetime.frozen = now
    last = {"outcome": "bad-signature"}
    for secret in secrets:
        try:
            payload = jwt.decode(token, secret, algorithms=algorithms)
            return {"outcome": "ok",
                    "value": json.dumps(payload, separators=(",", ":"), ensure_ascii=False)}
        except (jwt.ExpiredSignatureError, jwt.ImmatureSignatureError):
            return {"outcome": "expired"}
        except (jwt.InvalidSignatureError, jwt.InvalidAlgorithmError):
            last = {"outcome": "bad-signature"}
        except Exception:  # DecodeError, InvalidTokenError, and the TypeErrors PyJWT lets escape
            return {"outcome": "malformed"}
    return last


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def hs256(header_text, payload_text, secret=SECRETS[1]):
    signing_input = b64u(header_text.encode()) + "." + b64u(payload_text.encode())
    mac = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64u(mac)


def jwt_vectors():
    secret = SECRETS[1]

    def check(name, token, algorithms=HS, now=NOW, secrets=(secret,)):
        emit({"format": "jwt", "name": name, "op": "verify", "secrets": list(secrets),
              "algorithms": algorithms, "now": now, "token": token,
              **jwt_outcome(token, list(secrets), algorithms, now)})

    for alg in HS:
        for name, payload in SHAPES.items():
            token = jwt.encode(payload, secret, algorithm=alg)
            emit({"format": "jwt", "name": f"sign-{alg}-{name}", "op": "sign", "secret": secret,
                  "algorithm": alg, "value": json.dumps(payload, ensure_ascii=False),
                  "token": token})
            check(f"{alg}-{name}", token)
            check(f"{alg}-{name}-only-{alg}", token, [alg])
        token = jwt.encode({"sub": "x"}, secret, algorithm=alg)
        check(f"{alg}-wrong-key", token, secrets=[SECRETS[0]])
        check(f"{alg}-rotation", token, secrets=[SECRETS[0], secret])
        check(f"{alg}-restricted-other", token, [a for a in HS if a != alg])

    def tok(payload, header=None):
        header = header if header is not None else {"alg": "HS256", "typ": "JWT"}
        return hs256(json.dumps(header, separators=(",", ":")),
                     json.dumps(payload, separators=(",", ":")))

    good = tok({"sub": "u1"})
    h, p, sig = good.split(".")
    cases = {
        "iat-now": tok({"sub": "u", "iat": NOW}),
        "exp-future": tok({"exp": NOW + 1}),
        "exp-now": tok({"exp": NOW}),
        "exp-past": tok({"exp": NOW - 1000}),
        "nbf-future": tok({"nbf": NOW + 1}),
        "nbf-now": tok({"nbf": NOW}),
        "iat-future": tok({"iat": NOW + 100}),
        "iat-float": tok({"iat": NOW + 0.5}),
        "iat-string": tok({"iat": str(NOW)}),
        "iat-bool": tok({"iat": True}),
        "iat-null": tok({"iat": None}),
        "exp-float": tok({"exp": NOW + 0.5}),
        "exp-string": tok({"exp": str(NOW + 100)}),
        "exp-string-underscore": hs256('{"alg":"HS256"}', '{"exp":" 1_700_000_100 "}'),
        "exp-string-bad": tok({"exp": "soon"}),
        "exp-bool": tok({"exp": True}),
        "exp-list": tok({"exp": [NOW + 100]}),
        "nbf-string-bad": tok({"nbf": "x"}),
        "aud-present": tok({"sub": "u", "aud": "api"}),
        "aud-empty": tok({"sub": "u", "aud": ""}),
        "kid-number": tok({"sub": "u"}, {"alg": "HS256", "kid": 7}),
        "kid-string": tok({"sub": "u"}, {"alg": "HS256", "kid": "k1"}),
        "crit-unsupported": tok({"sub": "u"}, {"alg": "HS256", "crit": ["exp"]}),
        "crit-b64-false": tok({"sub": "u"}, {"alg": "HS256", "crit": ["b64"], "b64": False}),
        "b64-true": tok({"sub": "u"}, {"alg": "HS256", "b64": True}),
        "tampered-mac": h + "." + p + "." + ("B" if sig[0] == "A" else "A") + sig[1:],
        "tampered-payload": h + "." + b64u(b'{"sub":"u2"}') + "." + sig,
        "alg-none": b64u(b'{"alg":"none","typ":"JWT"}') + "." + p + ".",
        "alg-none-with-sig": b64u(b'{"alg":"none"}') + "." + p + "." + sig,
        "alg-rs256": b64u(b'{"alg":"RS256","typ":"JWT"}') + "." + p + "." + sig,
        "alg-lowercase": tok({"sub": "u1"}, {"alg": "hs256"}),
        "alg-missing": tok({"sub": "u1"}, {"typ": "JWT"}),
        "no-typ": tok({"sub": "u1"}, {"alg": "HS256"}),
        "header-not-object": hs256('"HS256"', "{}"),
        "payload-array": hs256('{"alg":"HS256"}', "[1]"),
        "payload-not-json": hs256('{"alg":"HS256"}', "{nope"),
        "duplicate-claim": hs256('{"alg":"HS256"}', '{"sub":"a","sub":"b"}'),
        "two-segments": h + "." + p,
        "four-segments": good + ".x",
        "padded-segments": h + "=." + p + "." + sig,
        "base64-std-alphabet": good.replace("-", "+").replace("_", "/"),
        "junk-in-signature": h + "." + p + "." + sig[:5] + "!" + sig[5:],
        "junk-in-header": h[:3] + "*" + h[3:] + "." + p + "." + sig,
        "malformed-base64": h + "." + p + "!." + sig,
        "signature-one-extra-char": good + "A",
        "truncated": good[:-5],
        "empty": "",
        "garbage": "not a token",
    }
    for name, token in cases.items():
        check(f"case-{name}", token)


# ------------------------------------------------------------------------------------ Fernet
KEYS = [base64.urlsafe_b64encode(bytes(range(i, i + 32))).decode() for i in (0, 100)]


def fernet_outcome(token, keys, ttl, now):
    fernets = [Fernet(k) for k in keys]
    try:
        if ttl is None:
            value = MultiFernet(fernets).decrypt(token)
        else:
            value = MultiFernet(fernets).decrypt_at_time(token, ttl, now)
        return {"outcome": "ok", "value_hex": value.hex()}
    except (InvalidToken, ValueError, TypeError):
        pass
    # Classify the rejection with the library's own steps (_decrypt_data's order).
    try:
        timestamp, data = Fernet._get_unverified_token_data(token)
    except (InvalidToken, ValueError, TypeError):
        return {"outcome": "malformed"}
    if ttl is not None and (timestamp + ttl < now or now + 60 < timestamp):
        return {"outcome": "expired"}
    for f in fernets:
        try:
            f._verify_signature(data)
            return {"outcome": "malformed"}
        except InvalidToken:
            pass
    return {"outcome": "bad-signature"}


def raw_token(key_text, body, ts=NOW, iv=b"\x01" * 16, version=0x80):
    """A token around a raw ciphertext (no PKCS#7 applied), MACed with the key: lets the vectors
    reach the decryption errors behind a valid HMAC."""
    key = base64.urlsafe_b64decode(key_text)
    parts = bytes([version]) + ts.to_bytes(8, "big") + iv + body
    mac = hmac.new(key[:16], parts, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(parts + mac).decode()


def fernet_vectors():
    plains = {"empty": b"", "hello": b"hello", "block": b"0123456789abcdef",
              "unicode": "Zoë 🍪".encode(), "binary": bytes(range(256)), "large": b"y" * 40000}
    iv = bytes(range(16))
    for name, plain in plains.items():
        for ki, key in enumerate(KEYS):
            token = Fernet(key)._encrypt_from_parts(plain, NOW, iv).decode()
            emit({"format": "fernet", "name": f"sign-{name}-k{ki}", "op": "sign", "secret": key,
                  "timestamp": NOW, "iv_hex": iv.hex(), "value_hex": plain.hex(), "token": token})

    def check(name, token, keys=(KEYS[0],), ttl=None, now=NOW):
        emit({"format": "fernet", "name": name, "op": "verify", "secrets": list(keys), "ttl": ttl,
              "now": now, "token": token, **fernet_outcome(token, list(keys), ttl, now)})

    f = Fernet(KEYS[0])
    good = f._encrypt_from_parts(b"secret data", NOW, iv).decode()
    check("plain", good)
    check("rotation", good, keys=(KEYS[1], KEYS[0]))
    check("wrong-key", good, keys=(KEYS[1],))
    check("ttl-fresh", good, ttl=100, now=NOW + 50)
    check("ttl-boundary", good, ttl=100, now=NOW + 100)
    check("ttl-expired", good, ttl=100, now=NOW + 101)
    check("no-ttl-old", good, now=NOW + 10**6)
    check("future-within-skew", good, ttl=100, now=NOW - 60)
    check("future-beyond-skew", good, ttl=100, now=NOW - 61)
    check("future-beyond-skew-no-ttl", good, now=NOW - 10**6)
    check("expired-wrong-key", good, keys=(KEYS[1],), ttl=1, now=NOW + 10)
    raw = base64.urlsafe_b64decode(good)
    flip = lambda data, i: data[:i] + bytes([data[i] ^ 1]) + data[i + 1:]  # noqa: E731
    enc = lambda data: base64.urlsafe_b64encode(data).decode()  # noqa: E731
    check("tampered-mac", enc(flip(raw, len(raw) - 1)))
    check("tampered-ciphertext", enc(flip(raw, 30)))
    check("tampered-timestamp", enc(flip(raw, 8)))
    check("wrong-version", enc(b"\x81" + raw[1:]))
    check("too-short", enc(raw[:8]))
    check("header-only", enc(raw[:9]))
    check("unpadded", good.rstrip("="))
    check("std-alphabet", good.replace("-", "+").replace("_", "/"))
    check("junk-chars", good[:10] + "!*" + good[10:])
    check("whitespace", good[:20] + "\n" + good[20:])
    check("trailing-data-after-padding", good + "AAAA" if good.endswith("=") else good + "=AAAA")
    check("empty", "")
    check("not-base64", "%%%%")
    check("bad-padding-valid-mac", raw_token(KEYS[0], b"\x00" * 16))
    check("partial-block-valid-mac", raw_token(KEYS[0], b"\x00" * 15))
    check("no-ciphertext-valid-mac", raw_token(KEYS[0], b""))
    enc_key = base64.urlsafe_b64decode(KEYS[0])[16:]
    padded = Cipher(algorithms.AES(enc_key), modes.CBC(b"\x02" * 16)).encryptor()
    body = padded.update(b"A" * 15 + b"\x01") + padded.finalize()
    check("manual-padding-valid-mac", raw_token(KEYS[0], body, iv=b"\x02" * 16))
    check("far-future-timestamp", raw_token(KEYS[0], body, ts=2**64 - 1, iv=b"\x02" * 16), ttl=10)


def main():
    jwt_vectors()
    fernet_vectors()
    text = "\n".join(out) + "\n"
    if len(sys.argv) > 2 and sys.argv[1] == "--check":
        with open(sys.argv[2], encoding="utf-8") as fh:
            if fh.read() != text:
                pinned_versions.report(["python3-jwt", "python3-cryptography"], file=sys.stderr)
                sys.exit(f"{sys.argv[2]} is stale: re-run {sys.argv[0]} {sys.argv[2]}")
        print(f"{sys.argv[2]}: {len(out)} vectors, identical to the libraries' output")
    elif len(sys.argv) > 1:
        with open(sys.argv[1], "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
