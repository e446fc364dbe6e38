#!/usr/bin/python3
"""Generates interop/vectors/python.jsonl from the real Python libraries.

Run with Debian's /usr/bin/python3 (python3-itsdangerous 2.1, python3-flask 2.2,
python3-starlette 0.26, python3-django 3.2). Every token is produced by the library itself and
every expected outcome is what the library's own loads/unsign did with it, with the clock frozen.
Output is deterministic: same libraries -> byte-identical file.

Usage: gen_vectors.py [OUTPUT]          write (default: stdout)
       gen_vectors.py --check FILE     exit 1 if FILE differs from a fresh run (ctest python_vectors_fresh)

One JSON object per line:
  name, format, options {secrets, salt, digest, key_derivation, sep, timestamped, timestamp,
  max_age, now_ms}, input (sign input: JSON text for serializer formats, raw text otherwise; null
  for negative cases), token, sign_exact (knox must produce byte-identical token from input and
  options.timestamp), expect {ok: true, value, timestamp} | {ok: false, error}.
"""
import base64
import hashlib
import json
import random
import sys
import types
import zlib

import itsdangerous
import itsdangerous.timed
import pinned_versions
from itsdangerous.exc import BadPayload, BadSignature, SignatureExpired

NOW = 1_700_000_000          # frozen "now" (seconds) for signing
DIGESTS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha384": hashlib.sha384,
           "sha512": hashlib.sha512}

_clock = {"now": float(NOW)}


def freeze(now_ms):
    _clock["now"] = now_ms / 1000.0


_fake_time = types.SimpleNamespace(time=lambda: _clock["now"])
itsdangerous.timed.time = _fake_time

OUT = []


def compact(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def emit(name, fmt, options, token, expect, value_in=None, sign_exact=False):
    OUT.append({"name": name, "format": fmt, "options": options, "input": value_in,
                "token": token, "sign_exact": sign_exact, "expect": expect})


# Flask's TaggedJSONSerializer tags other than " di" (a dict): a payload that is one of these at
# the top is a tuple, bytes, Markup, UUID or datetime, not a dict.
TAGS = {" t", " b", " m", " u", " d"}


def its_outcome(fn):
    """Runs a library call; maps its exception to knox's error kinds."""
    try:
        return {"ok": True, "result": fn()}
    except SignatureExpired:
        return {"ok": False, "error": "expired"}
    except BadPayload:
        return {"ok": False, "error": "malformed"}
    except BadSignature:
        return {"ok": False, "error": "bad-signature"}
    except Exception:  # the library let a non-itsdangerous exception escape
        return {"ok": False, "error": "malformed"}


PAYLOADS = [
    ("empty-object", {}),
    ("bench", {"user_id": "123", "role": "admin"}),
    ("unicode", {"name": "Zo\u00eb \u2603 \U0001F600", "k\u00e9y": "\u00e9"}),
    ("nested", {"a": {"b": [1, 2.5, True, None, "x"], "c": {}}, "z": -3, "e": []}),
    ("unsorted-keys", {"b": 1, "a": 2, "C": {"y": 1, "x": 2}}),
    ("escapes", {"s": "a\"b\\c\n\t\u0001</script>\u2028"}),
    ("floats", {"f": 1e100, "g": 0.1, "h": -0.0, "i": 1.5e-7, "j": 123456789.0}),
    ("list", [1, 2, 3]),
    ("string", "hello"),
    ("number", 42),
    ("compressible", {"blob": "x" * 400}),
    ("large-64k", {"blob": "".join(random.Random(7).choice("abcdefghijklmnop") for _ in range(65536))}),
    ("zlib-edge", {"k": "abcabcabcabcabcab"}),
]

SIGNER_VALUES = [
    ("empty", ""),
    ("simple", "hello world"),
    ("unicode", "Zo\u00eb \u2603"),
    ("dots", "a.b.c"),
    ("colons", "a:b:c"),
    ("long", "v" * 5000),
]


def opts(secrets, **kw):
    o = {"secrets": secrets, "salt": None, "digest": None, "key_derivation": None, "sep": None,
         "timestamped": False, "timestamp": None, "max_age": None, "now_ms": NOW * 1000}
    o.update(kw)
    return o


# ---------------------------------------------------------------- itsdangerous building blocks

def its_signer_kwargs(o):
    kw = {}
    if o["salt"] is not None:
        kw["salt"] = o["salt"]
    if o["sep"] is not None:
        kw["sep"] = o["sep"]
    if o["key_derivation"] is not None:
        kw["key_derivation"] = o["key_derivation"]
    if o["digest"] is not None:
        kw["digest_method"] = DIGESTS[o["digest"]]
    return kw


def make_serializer(fmt, o):
    """The real serializer object a format corresponds to."""
    kw = its_signer_kwargs(o)
    salt = kw.pop("salt", None)
    args = {"signer_kwargs": kw}
    if salt is not None:
        args["salt"] = salt
    if fmt == "itsdangerous":
        return itsdangerous.URLSafeSerializer(o["secrets"], **args)
    if fmt == "itsdangerous-timed":
        return itsdangerous.URLSafeTimedSerializer(o["secrets"], **args)
    if fmt == "itsdangerous-json":
        cls = itsdangerous.TimedSerializer if o["timestamped"] else itsdangerous.Serializer
        return cls(o["secrets"], **args)
    raise ValueError(fmt)


def is_timed(fmt, o):
    return fmt in ("itsdangerous-timed", "flask", "itsdangerous-timestamp", "starlette") or (
        fmt == "itsdangerous-json" and o["timestamped"])


# ---------------------------------------------------------------- Flask

import flask  # noqa: E402

_flask_apps = {}


def flask_app(secrets):
    key = tuple(secrets)
    if key not in _flask_apps:
        app = flask.Flask("knoxvectors")
        app.secret_key = secrets[0] if len(secrets) == 1 else list(secrets)
        _flask_apps[key] = app
    return _flask_apps[key]


def flask_serializer(o):
    app = flask_app(o["secrets"])
    iface = app.session_interface
    # Class attributes are Flask's knobs; override them per instance when a vector asks to.
    if o["salt"] is not None:
        iface.salt = o["salt"]
    if o["digest"] is not None:
        iface.digest_method = staticmethod(DIGESTS[o["digest"]])
    if o["key_derivation"] is not None:
        iface.key_derivation = o["key_derivation"]
    s = iface.get_signing_serializer(app)
    for attr in ("salt", "digest_method", "key_derivation"):
        iface.__dict__.pop(attr, None)
    return app, s


def flask_dumps(o, obj):
    app, s = flask_serializer(o)
    with app.test_request_context("/"):
        return s.dumps(obj)


def flask_loads(o, token):
    app, s = flask_serializer(o)
    with app.test_request_context("/"):
        return s.loads(token, max_age=o["max_age"])


def flask_session_cookie_via_client(o, obj):
    """A cookie produced by a real request through the test client (defaults only)."""
    app = flask.Flask("knoxclient")
    app.secret_key = o["secrets"][0]

    @app.route("/set")
    def set_session():
        flask.session.update(obj)
        return "ok"

    client = app.test_client()
    resp = client.get("/set")
    header = resp.headers["Set-Cookie"]
    return header.split(";", 1)[0].split("=", 1)[1]


# ---------------------------------------------------------------- Starlette

from starlette.middleware.sessions import SessionMiddleware  # noqa: E402


def starlette_signer(o):
    return SessionMiddleware(app=None, secret_key=o["secrets"][0]).signer


def starlette_dumps(o, obj):
    # SessionMiddleware.send_wrapper
    data = base64.b64encode(json.dumps(obj).encode("utf-8"))
    return starlette_signer(o).sign(data).decode("utf-8")


def starlette_loads(o, token):
    # SessionMiddleware.__call__ (BadSignature -> empty session; anything else escapes)
    data = token.encode("utf-8")
    data = starlette_signer(o).unsign(data, max_age=o["max_age"])
    return json.loads(base64.b64decode(data))


# ---------------------------------------------------------------- Django

from django.conf import settings  # noqa: E402

settings.configure(SECRET_KEY="unused-default", DEFAULT_HASHING_ALGORITHM="sha256")
import django.core.signing as dsigning  # noqa: E402

dsigning.time = _fake_time
SESSION_SALT = "django.contrib.sessions.backends.signed_cookies"


def django_outcome(fn):
    try:
        return {"ok": True, "result": fn()}
    except dsigning.SignatureExpired:
        return {"ok": False, "error": "expired"}
    except dsigning.BadSignature:
        return {"ok": False, "error": "bad-signature"}
    except Exception:
        return {"ok": False, "error": "malformed"}


def django_signer(fmt, o, key):
    cls = dsigning.TimestampSigner if (fmt == "django" or o["timestamped"]) else dsigning.Signer
    kw = {"sep": o["sep"] or ":"}
    if o["digest"] is not None:
        kw["algorithm"] = o["digest"]
    if fmt == "django":
        kw["salt"] = o["salt"] if o["salt"] is not None else "django.core.signing"
    elif o["salt"] is not None:
        kw["salt"] = o["salt"]
    return cls(key, **kw)


def django_dumps(fmt, o, value):
    signer = django_signer(fmt, o, o["secrets"][-1])
    if fmt == "django":
        salt = o["salt"] if o["salt"] is not None else "django.core.signing"
        return signer.sign_object(value, compress=(salt == SESSION_SALT))
    return signer.sign(value)


def django_loads(fmt, o, token):
    """Tries each key newest first, as knox does (Django 3.2 has a single SECRET_KEY)."""
    last = None
    for key in reversed(o["secrets"]):
        signer = django_signer(fmt, o, key)
        r = django_outcome(lambda: signer.unsign_object(token, max_age=o["max_age"]) if fmt == "django"
                           else (signer.unsign(token, max_age=o["max_age"]) if o["timestamped"]
                                 else signer.unsign(token)))
        if r["ok"] or r["error"] != "bad-signature":
            return r
        last = r
    return last


def django_timestamp(o, token):
    sep = o["sep"] or ":"
    parts = token.split(sep)
    try:
        return dsigning.baseconv.base62.decode(parts[-2])
    except Exception:
        return None


# ---------------------------------------------------------------- dispatch

def sign(fmt, o, value):
    """Signs with the library; `value` is a Python object (serializers) or str (signers)."""
    freeze((o["timestamp"] if o["timestamp"] is not None else NOW) * 1000)
    if fmt in ("itsdangerous-signer", "itsdangerous-timestamp"):
        cls = itsdangerous.TimestampSigner if fmt == "itsdangerous-timestamp" else itsdangerous.Signer
        return cls(o["secrets"], **its_signer_kwargs(o)).sign(value).decode("utf-8")
    if fmt.startswith("itsdangerous"):
        return make_serializer(fmt, o).dumps(value)
    if fmt == "flask":
        return flask_dumps(o, value)
    if fmt == "starlette":
        return starlette_dumps(o, value)
    return django_dumps(fmt, o, value)


def verify(fmt, o, token):
    """The library's outcome for `token`; ok results carry the value as knox reports it."""
    freeze(o["now_ms"])
    if fmt in ("itsdangerous-signer", "itsdangerous-timestamp"):
        if fmt == "itsdangerous-timestamp":
            s = itsdangerous.TimestampSigner(o["secrets"], **its_signer_kwargs(o))
            r = its_outcome(lambda: s.unsign(token, max_age=o["max_age"]))
            if r["ok"]:
                r["timestamp"] = its_timestamp(o, token)
        else:
            s = itsdangerous.Signer(o["secrets"], **its_signer_kwargs(o))
            r = its_outcome(lambda: s.unsign(token))
            r["timestamp"] = None
        if r["ok"]:
            r["value"] = r.pop("result").decode("utf-8")
        return r
    if fmt.startswith("itsdangerous"):
        s = make_serializer(fmt, o)
        if is_timed(fmt, o):
            r = its_outcome(lambda: s.loads(token, max_age=o["max_age"], return_timestamp=True))
            if r["ok"]:
                obj, dt = r.pop("result")
                r["value"], r["timestamp"] = compact(obj), int(dt.timestamp())
        else:
            r = its_outcome(lambda: s.loads(token))
            if r["ok"]:
                r["value"], r["timestamp"] = compact(r.pop("result")), None
        return r
    if fmt == "flask":
        r = its_outcome(lambda: flask_loads(o, token))
        if r["ok"]:
            # Flask's open_session then runs SecureCookieSession(data) = dict(data or ()): a
            # validly signed payload that is not a dict (nor pairs, nor falsy) raises there.
            try:
                session = flask.sessions.SecureCookieSession(r.pop("result"))
            except Exception:
                return {"ok": False, "error": "malformed"}
            # knox reports the stored JSON (tags left in place): decode the payload plainly.
            plain = itsdangerous.URLSafeTimedSerializer(o["secrets"] if len(o["secrets"]) > 1 else o["secrets"][0],
                                                        salt=o["salt"] or "cookie-session",
                                                        signer_kwargs={"key_derivation": o["key_derivation"] or "hmac",
                                                                       "digest_method": DIGESTS[o["digest"] or "sha1"]})
            obj, dt = plain.loads(token, return_timestamp=True)
            tagged = isinstance(obj, dict) and len(obj) == 1 and next(iter(obj)) in TAGS
            if not isinstance(obj, dict) or tagged:
                obj = dict(session)  # pairs, a falsy value or a tagged tuple: what Flask built
            r["value"], r["timestamp"] = compact(obj), int(dt.timestamp())
        return r
    if fmt == "starlette":
        r = its_outcome(lambda: starlette_loads(o, token))
        if r["ok"]:
            r["value"] = compact(r.pop("result"))
            r["timestamp"] = its_timestamp(o, token)
        return r
    r = django_loads(fmt, o, token)
    if r["ok"]:
        res = r.pop("result")
        r["value"] = compact(res) if fmt == "django" else res
        r["timestamp"] = int64_or_none(django_timestamp(o, token)) if (fmt == "django" or o["timestamped"]) else None
    return r


def int64_or_none(x):
    """knox reports issue times as int64; larger ones (accepted by some libraries) as null."""
    return x if x is not None and -2**63 <= x < 2**63 else None


def its_timestamp(o, token):
    """The issue time the library decoded (its own helpers), without the datetime conversion."""
    sep = (o["sep"] or ".").encode()
    value = token.encode("utf-8").rsplit(sep, 1)[0]
    ts = value.rsplit(sep, 1)[1]
    return int64_or_none(itsdangerous.encoding.bytes_to_int(itsdangerous.encoding.base64_decode(ts)))


def expect_of(r):
    if r["ok"]:
        return {"ok": True, "value": r["value"], "timestamp": r["timestamp"]}
    return {"ok": False, "error": r["error"]}


def record(name, fmt, o, token, value_in=None, sign_exact=False):
    emit(name, fmt, o, token, expect_of(verify(fmt, o, token)), value_in, sign_exact)


SERIALIZERS = ["itsdangerous", "itsdangerous-timed", "itsdangerous-json", "flask", "starlette", "django"]
SIGNERS = ["itsdangerous-signer", "itsdangerous-timestamp", "django-signer"]
ALL = SIGNERS[:2] + SERIALIZERS[:3] + ["flask", "starlette", "django", "django-signer"]

SECRET = "s3cr3t-key"


def default_sep(fmt):
    return ":" if fmt.startswith("django") else "."


def positive(fmt, name, o, value):
    token = sign(fmt, o, value)
    value_in = json.dumps(value) if fmt in SERIALIZERS else value
    record(f"{fmt}/{name}", fmt, o, token, value_in, sign_exact=True)
    return token


def tamper(token, index, fmt):
    chars = list(token)
    c = chars[index]
    chars[index] = "A" if c != "A" else "B"
    return "".join(chars)


def negatives(fmt, o, token):
    sep = o["sep"] or default_sep(fmt)
    sig_at = token.rfind(sep) + len(sep)
    sig = token[sig_at:]
    body = token[:sig_at - len(sep)]
    timed = is_timed(fmt, o) or fmt == "django" or (fmt == "django-signer" and o["timestamped"])
    cases = [
        ("tampered-mac", tamper(token, len(token) - 3, fmt)),
        ("tampered-payload", tamper(token, 0, fmt) if token[0] not in ".:" else tamper(token, 1, fmt)),
        ("missing-separator", token.replace(sep, "")),
        ("truncated", token[: len(token) - 5]),
        ("truncated-sig-one", token[:-1]),
        ("empty", ""),
        ("sig-only", sig),
        ("sig-padded", token + "="),
        ("sig-padded-2", token + "=="),
        ("sig-junk-char", body + sep + sig[:5] + "!" + sig[5:]),
        ("sig-non-ascii", body + sep + sig[:5] + "\u00e9" + sig[5:]),
        ("sig-non-ascii-2", body + sep + sig[:4] + "\u00e9\u00e9" + sig[4:-1]),
        # 5 UTF-8 bytes: the padding count includes them (bytes path), unlike dropping them first
        ("sig-non-ascii-5-bytes", body + sep + sig[:5] + "\u00e9\u2603" + sig[5:]),
        ("sig-std-alphabet", body + sep + sig.replace("-", "+").replace("_", "/")),
        ("sig-whitespace", body + sep + sig[:3] + " " + sig[3:]),
        ("sig-extra-sep", token + sep),
        ("sig-trailing-bits", body + sep + sig[:-1] + chr(ord(sig[-1]) ^ 1)),
    ]
    for case, bad in cases:
        record(f"{fmt}/neg/{case}", fmt, o, bad)
    for case, secrets in (("wrong-key", ["other-key"]),):
        record(f"{fmt}/neg/{case}", fmt, dict(o, secrets=secrets), token)
    if fmt != "starlette":  # SessionMiddleware has no salt setting
        record(f"{fmt}/neg/wrong-salt", fmt, dict(o, salt="another-salt"), token)
    if timed:
        ts = o["timestamp"] if o["timestamp"] is not None else NOW
        for case, now_s, max_age in (
                ("age-equals-max", ts + 60, 60), ("age-over-max", ts + 61, 60),
                ("age-over-max-by-1ms", None, 60), ("future-no-max-age", ts - 3600, None),
                ("future-with-max-age", ts - 1, 60), ("old-no-max-age", ts + 10**8, None),
                ("max-age-zero", ts, 0)):
            now_ms = (ts + 60) * 1000 + 1 if now_s is None else now_s * 1000
            record(f"{fmt}/neg/{case}", fmt, dict(o, now_ms=now_ms, max_age=max_age), token)


def main():
    # ---- positive vectors, default options, many payload shapes
    for fmt in ALL:
        o = opts([SECRET], timestamp=NOW)
        values = PAYLOADS if fmt in SERIALIZERS else SIGNER_VALUES
        for name, value in values:
            if fmt == "django" and name == "large-64k":
                continue
            positive(fmt, name, o, value)
        token = sign(fmt, o, values[1][1])
        negatives(fmt, o, token)

    # ---- timestamped variants of the two formats that have one
    for fmt in ("itsdangerous-json", "django-signer"):
        o = opts([SECRET], timestamped=True, timestamp=NOW)
        for name, value in (PAYLOADS if fmt in SERIALIZERS else SIGNER_VALUES)[:4]:
            positive(fmt, "timestamped/" + name, o, value)
        negatives(fmt, o, sign(fmt, o, (PAYLOADS if fmt in SERIALIZERS else SIGNER_VALUES)[1][1]))

    # ---- digests and key derivations
    for fmt in ("itsdangerous-signer", "itsdangerous-timestamp", "itsdangerous", "itsdangerous-timed",
                "itsdangerous-json", "flask", "django", "django-signer"):
        for digest in DIGESTS:
            o = opts([SECRET], digest=digest, timestamp=NOW)
            value = "digest value" if fmt in SIGNERS else {"d": digest}
            positive(fmt, f"digest-{digest}", o, value)
        if fmt.startswith("django"):
            continue
        for kd in ("django-concat", "concat", "hmac", "none"):
            for digest in ("sha1", "sha512"):
                o = opts([SECRET], digest=digest, key_derivation=kd, timestamp=NOW)
                value = "kd value" if fmt in SIGNERS else {"kd": kd}
                positive(fmt, f"kd-{kd}-{digest}", o, value)

    # ---- Django: legacy SHA-1 fallback, sessions salt (compress), custom separators
    for fmt in ("django", "django-signer"):
        o1 = opts([SECRET], digest="sha1", timestamp=NOW)
        value = {"legacy": True} if fmt == "django" else "legacy"
        token = sign(fmt, o1, value)
        record(f"{fmt}/legacy-sha1-accepted-by-sha256", fmt, opts([SECRET], timestamp=NOW), token)
        record(f"{fmt}/legacy-sha1-accepted-by-sha512", fmt, opts([SECRET], digest="sha512"), token)
        o2 = opts([SECRET], digest="sha384", timestamp=NOW)
        record(f"{fmt}/sha384-rejected-by-sha256", fmt, opts([SECRET]), sign(fmt, o2, value))
    for name, value in PAYLOADS:
        if name == "large-64k":
            continue
        positive("django", "session/" + name, opts([SECRET], salt=SESSION_SALT, timestamp=NOW), value)
    negatives("django", opts([SECRET], salt=SESSION_SALT, timestamp=NOW),
              sign("django", opts([SECRET], salt=SESSION_SALT, timestamp=NOW), {"blob": "y" * 300}))
    for fmt, seps in (("django", ["/", "|", "::"]), ("django-signer", ["/", "~"]),
                      ("itsdangerous-signer", ["|", ":", "~~"]), ("itsdangerous-timed", ["|", ":"])):
        for sep in seps:
            o = opts([SECRET], sep=sep, timestamp=NOW)
            value = "sep value" if fmt in SIGNERS else {"sep": sep}
            positive(fmt, f"sep-{sep}", o, value)

    # ---- key rotation: sign with the newest, verify with the list
    for fmt in ALL:
        value = "rotated" if fmt in SIGNERS else {"r": 1}
        old_token = sign(fmt, opts(["old-key"], timestamp=NOW), value)
        new_token = sign(fmt, opts(["new-key"], timestamp=NOW), value)
        if fmt == "starlette":
            continue  # SessionMiddleware takes one key
        rot = opts(["old-key", "new-key"], timestamp=NOW)
        record(f"{fmt}/rotation/old-key-token", fmt, rot, old_token)
        record(f"{fmt}/rotation/new-key-token", fmt, rot, new_token,
               json.dumps(value) if fmt in SERIALIZERS else value, sign_exact=True)
        record(f"{fmt}/rotation/retired-key", fmt, opts(["new-key", "newer-key"]), old_token)

    # ---- timestamps: 0, small, large, and beyond datetime
    for fmt in ("itsdangerous-timestamp", "itsdangerous-timed", "flask", "starlette", "django"):
        for ts in (0, 1, 255, 256, 2**31, 2**32 + 5):
            o = opts([SECRET], timestamp=ts, now_ms=(ts + 10) * 1000)
            value = "ts" if fmt in SIGNERS else {"ts": ts}
            positive(fmt, f"timestamp-{ts}", o, value)
    # A correctly signed timestamp past year 9999 (hand-built with the library's signer pieces).
    for fmt in ("itsdangerous-timestamp", "itsdangerous-timed", "flask", "starlette"):
        for ts in (253402300799, 253402300800, 2**63 - 1, 2**64 - 1):
            o = opts([SECRET])
            if fmt == "flask":
                signer = flask_serializer(o)[1].make_signer()
                payload = itsdangerous.encoding.base64_encode(b'{"a":1}')
            elif fmt == "starlette":
                signer = starlette_signer(o)
                payload = base64.b64encode(b'{"a": 1}')
            elif fmt == "itsdangerous-timed":
                signer = make_serializer(fmt, o).make_signer()
                payload = itsdangerous.encoding.base64_encode(b'{"a":1}')
            else:
                signer = itsdangerous.TimestampSigner([SECRET])
                payload = b"v"
            value = payload + b"." + itsdangerous.encoding.base64_encode(
                itsdangerous.encoding.int_to_bytes(ts))
            token = (value + b"." + signer.get_signature(value)).decode()
            record(f"{fmt}/huge-timestamp-{ts}", fmt, o, token)
            record(f"{fmt}/huge-timestamp-{ts}/max-age", fmt, dict(o, max_age=60), token)

    # ---- payload encodings the libraries accept or refuse, correctly signed
    def sign_raw(fmt, o, payload):
        freeze(NOW * 1000)
        if fmt == "django":
            return django_signer(fmt, o, o["secrets"][-1]).sign(payload)
        if fmt == "flask":
            return flask_serializer(o)[1].make_signer().sign(payload).decode()
        if fmt == "starlette":
            return starlette_signer(o).sign(payload).decode()
        return make_serializer(fmt, o).make_signer().sign(payload).decode()

    url_payloads = [
        ("canonical", base64.urlsafe_b64encode(b'{"a":1}').decode().rstrip("=")),
        ("padded", base64.urlsafe_b64encode(b'{"a":1}').decode()),
        ("std-alphabet", base64.b64encode(b'{"a":"\xff\xfe>>"}'.decode("latin-1").encode("utf-8")).decode().rstrip("=")),
        ("junk-char", "eyJh!IjoxfQ"),
        ("trailing-bits", "eyJhIjoxfR"),
        ("not-base64-length", "eyJhIjoxf"),
        ("not-json", base64.urlsafe_b64encode(b"not json").decode().rstrip("=")),
        ("invalid-utf8", base64.urlsafe_b64encode(b'"\xff"').decode().rstrip("=")),
        ("raw-utf8", base64.urlsafe_b64encode('"\u00e9"'.encode()).decode().rstrip("=")),
        ("zlib-bad", "." + base64.urlsafe_b64encode(b"\x78\x9cgarbage").decode().rstrip("=")),
        ("zlib-trailing", "." + base64.urlsafe_b64encode(zlib.compress(b'{"z":1}') + b"tail").decode().rstrip("=")),
        ("zlib-truncated", "." + base64.urlsafe_b64encode(zlib.compress(b'{"z":1}')[:-3]).decode().rstrip("=")),
        ("dot-only", "."),
        ("empty", ""),
        ("json-whitespace", base64.urlsafe_b64encode(b' {"a" : 1} ').decode().rstrip("=")),
        ("duplicate-keys", base64.urlsafe_b64encode(b'{"a":1,"a":2}').decode().rstrip("=")),
        ("deep", base64.urlsafe_b64encode(b"[" * 40 + b"]" * 40).decode().rstrip("=")),
    ]
    for fmt in ("itsdangerous", "itsdangerous-timed", "flask", "django"):
        for name, payload in url_payloads:
            o = opts([SECRET])
            record(f"{fmt}/payload/{name}", fmt, o, sign_raw(fmt, o, payload))
    std_payloads = [
        ("canonical", base64.b64encode(b'{"a": 1}').decode()),
        ("unpadded", base64.b64encode(b'{"a": 1}').decode().rstrip("=")),
        ("url-alphabet", base64.urlsafe_b64encode(b'{"a": "\xff\xfe>>"}'.decode("latin-1").encode()).decode()),
        ("junk-char", base64.b64encode(b'{"a": 1}').decode()[:3] + "!" + base64.b64encode(b'{"a": 1}').decode()[3:]),
        ("bom", base64.b64encode(b'\xef\xbb\xbf{"a": 1}').decode()),
        ("not-json", base64.b64encode(b"nope").decode()),
        ("compact-json", base64.b64encode(b'{"a":1}').decode()),
        ("bad-padding", "eyJhIjogMX0"),
    ]
    for name, payload in std_payloads:
        o = opts([SECRET])
        record(f"starlette/payload/{name}", "starlette", o, sign_raw("starlette", o, payload))
    json_payloads = [("canonical", '{"a": 1}'), ("compact", '{"a":1}'), ("not-json", "nope"),
                     ("dots", '{"a.b": 1.5}')]
    for timed in (False, True):
        for name, payload in json_payloads:
            o = opts([SECRET], timestamped=timed)
            s = make_serializer("itsdangerous-json", o)
            freeze(NOW * 1000)
            token = s.make_signer().sign(payload).decode()
            record(f"itsdangerous-json/payload/{'timed/' if timed else ''}{name}", "itsdangerous-json", o, token)

    # ---- Flask tags: what TaggedJSONSerializer writes and which tagged shapes it refuses to load
    flask_tag_values = [
        ("tag-key-wrapped", {" t": [1, 2]}),
        ("tag-key-di", {" di": {"x": 1}}),
        ("tag-nested", {"outer": {" b": "aGk="}, "list": [{" u": "x"}]}),
        ("tag-like-key-two-keys", {" t": 1, "other": 2}),
    ]
    for name, value in flask_tag_values:
        positive("flask", name, opts([SECRET], timestamp=NOW), value)
    flask_tagged_payloads = [
        ("tuple", {" t": [1, 2]}), ("tuple-of-string", {" t": "ab"}), ("tuple-of-number", {" t": 1}),
        ("bytes", {" b": "aGk="}), ("bytes-bad-b64", {" b": "a"}), ("bytes-number", {" b": 1}),
        ("bytes-non-ascii", {" b": "\u00e9"}),
        ("uuid", {" u": "12345678123456781234567812345678"}),
        ("uuid-hyphens-braces", {" u": "{12345678-1234-5678-1234-567812345678}"}),
        ("uuid-urn", {" u": "urn:uuid:12345678-1234-5678-1234-567812345678"}),
        ("uuid-bad", {" u": "xyz"}), ("uuid-number", {" u": 5}),
        ("uuid-0x", {" u": "0x345678123456781234567812345678"}),
        ("uuid-negative", {" u": "-1234567812345678123456781234567"}),
        ("datetime", {" d": "Wed, 21 Oct 2015 07:28:00 GMT"}), ("datetime-garbage", {" d": "garbage"}),
        ("datetime-number", {" d": 5}), ("datetime-null", {" d": None}),
        ("markup", {" m": "<b>x</b>"}), ("markup-number", {" m": 5}),
        ("di", {" di": {"a__": 1}}), ("di-list", {" di": [1]}), ("di-empty", {" di": {}}),
        ("di-string", {" di": "ab"}), ("nested-tuple-in-di", {" di": {" t": [1]}}),
        ("bytes-of-markup", {" b": {" m": "aGk="}}),
    ]
    for name, obj in flask_tagged_payloads:
        o = opts([SECRET])
        payload = itsdangerous.encoding.base64_encode(compact(obj).encode()).decode()
        record(f"flask/tagged/{name}", "flask", o, sign_raw("flask", o, payload))
    # A cookie set by a real Flask app through its test client.
    o = opts([SECRET])
    freeze(NOW * 1000)  # itsdangerous.timed.time is frozen for the app too
    token = flask_session_cookie_via_client(o, {"user": "alice", "n": 1})
    record("flask/test-client-cookie", "flask", dict(o, timestamp=NOW), token,
           json.dumps({"user": "alice", "n": 1}), sign_exact=True)

    # ---- Django: base62 timestamps and payload edge cases
    for name, ts_text in (("ts-negative", "-1"), ("ts-empty", ""), ("ts-bad-digit", "1!"),
                          ("ts-minus-only", "-"), ("ts-huge", "z" * 12), ("ts-leading-zero", "01")):
        for max_age in (None, 60):
            o = opts([SECRET], max_age=max_age)
            signer = django_signer("django", o, SECRET)
            value = base64.urlsafe_b64encode(b'{"a":1}').decode().rstrip("=") + ":" + ts_text
            token = dsigning.Signer.sign(signer, value)
            record(f"django/{name}{'/max-age' if max_age else ''}", "django", o, token)
    o = opts([SECRET])
    record("django/no-timestamp-part", "django", o,
           dsigning.Signer.sign(django_signer("django", o, SECRET), "eyJhIjoxfQ"))
    record("django/latin1-mojibake", "django", o,
           dsigning.Signer.sign(django_signer("django", o, SECRET),
                                base64.urlsafe_b64encode('"\u00e9"'.encode()).decode().rstrip("=") + ":1"))
    # fractional now: Django's age is a float
    token = sign("django", opts([SECRET], timestamp=NOW), {"a": 1})
    for now_ms, name in (((NOW + 60) * 1000, "age-equal"), ((NOW + 60) * 1000 + 1, "age-equal-plus-1ms"),
                         ((NOW + 60) * 1000 + 999, "age-equal-plus-999ms")):
        record(f"django/{name}", "django", opts([SECRET], max_age=60, now_ms=now_ms), token)

    lines = [json.dumps(v, ensure_ascii=True, sort_keys=True, separators=(",", ":")) for v in OUT]
    text = "\n".join(lines) + "\n"
    if len(sys.argv) > 2 and sys.argv[1] == "--check":
        with open(sys.argv[2], encoding="ascii") as f:
            old = f.read()
        if old == text:
            print(f"{len(lines)} vectors, up to date")
            return 0
        old_lines = old.splitlines()
        for i, line in enumerate(lines):
            if i >= len(old_lines) or old_lines[i] != line:
                print(f"stale vectors: first difference at line {i + 1}: {line[:200]}")
                break
        else:
            print(f"stale vectors: checked-in file has {len(old_lines)} lines, fresh run {len(lines)}")
        pinned_versions.report(["python3-itsdangerous", "python3-flask", "python3-starlette",
                                "python3-django"])
        print("regenerate: /usr/bin/python3 interop/python/gen_vectors.py interop/vectors/python.jsonl")
        return 1
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w", encoding="ascii") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    sys.exit(main())
