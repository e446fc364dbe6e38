#!/usr/bin/python3
"""Proves docs/sealed.md describes the real bytes: re-implements only the documented knox-sealed
layout with Python's cryptography AESGCM, opens tokens sealed by the knox CLI, and seals tokens that
the knox CLI opens. Usage: seal_crosscheck.py PATH/TO/knox"""
import base64
import os
import struct
import subprocess
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KNOX = sys.argv[1]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def aad(name, purpose):
    return b"".join(struct.pack(">I", len(p)) + p for p in (b"knox-sealed/v1", name, purpose))


def py_open(key, name, purpose, token):
    raw = unb64url(token)
    assert raw[0] == 0x01, "version"
    key_id = struct.unpack(">I", raw[1:5])[0]
    nonce, body = raw[5:17], raw[17:]
    plain = AESGCM(key).decrypt(nonce, body, aad(name, purpose))
    issued_at, expires_at = struct.unpack(">QQ", plain[:16])
    return key_id, issued_at, expires_at, plain[16:]


def py_seal(key_id, key, name, purpose, payload, issued_at, expires_at):
    nonce = os.urandom(12)
    plain = struct.pack(">QQ", issued_at, expires_at) + payload
    return b64url(b"\x01" + struct.pack(">I", key_id) + nonce +
                  AESGCM(key).encrypt(nonce, plain, aad(name, purpose)))


def knox(*args):
    r = subprocess.run([KNOX, "token", *args], capture_output=True, timeout=60)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


def main():
    key = os.urandom(32)
    secret = "k305419896:" + b64url(key)
    payload = '{"user":"alice","role":"admin"}'
    rc, out, err = knox("sign", "--format", "knox-sealed", "--secret", secret, "--cookie-name", "__Host-sid",
                        "--salt", "login", "--timestamp", "1700000000", payload)
    assert rc == 0, err
    key_id, issued_at, expires_at, plain = py_open(key, b"__Host-sid", b"login", out.strip())
    assert (key_id, issued_at, expires_at, plain) == (305419896, 1700000000, 0, payload.encode()), \
        (key_id, issued_at, expires_at, plain)
    # A different cookie name in the AAD must not open.
    try:
        py_open(key, b"sid", b"login", out.strip())
        raise AssertionError("opened with the wrong cookie name")
    except Exception as e:  # cryptography raises InvalidTag
        assert type(e).__name__ == "InvalidTag", e

    # Python seals, knox opens (expiry inside the plaintext is honoured).
    token = py_seal(305419896, key, b"__Host-sid", b"login", b"from python", 1700000000, 1700000100)
    rc, out, err = knox("verify", "--format", "knox-sealed", "--secret", secret, "--cookie-name",
                        "__Host-sid", "--salt", "login", "--now", "1700000099", token)
    assert rc == 0 and out == "from python\n", (rc, out, err)
    rc, out, err = knox("verify", "--format", "knox-sealed", "--secret", secret, "--cookie-name",
                        "__Host-sid", "--salt", "login", "--now", "1700000100", token)
    assert rc == 1 and "expired" in err, (rc, out, err)
    print("seal_crosscheck: ok")


if __name__ == "__main__":
    main()
