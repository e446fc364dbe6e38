#!/usr/bin/python3
"""Ground truth of conformance/targets: every fact that targets.json states about a target is
checked against the running app, independently of knox (http.client, hand-rolled cookie
handling, the real signing libraries: itsdangerous, django.core.signing, Node's
cookie-signature and keygrip).

Every target is started over http and, with a self-signed certificate made here with the openssl
CLI (SAN IP:127.0.0.1), over https. For each run the test *measures* the facts (attributes from
Set-Cookie, replay after logout, planted pre-login cookies, tampered values, signing secrets,
sampled ids, expiry after waiting) and compares them with `expected`; a non-null expected fact
that could not be measured is a failure too. Over plain http a `tls_required` target is only
checked for what it does there (express-secure: no session cookie at all).

usage: ground_truth_test.py [NAME ...] [--no-tls] [--no-expiry] [--mutate] [--manifest F] [-v]
--mutate is the test's own self-check: every expected fact is changed to a wrong value and each
change must be caught.
exit 0 = every fact holds; 1 = a mismatch (listed); 2 = a target did not start."""
import argparse
import base64
import binascii
import concurrent.futures
import email.utils
import hashlib
import http.client
import json
import os
import re
import secrets
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import targets  # noqa: E402

KNOWN_SECRETS_CC = os.path.join(targets.REPO_ROOT, "conformance", "analysis", "known_secrets.cc")
NODE_DIR = os.path.join(HERE, "node")
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
B64STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# null here is itself a measured fact: no lifetime (browser-session cookie), no format (server id)
NULL_IS_A_FACT = ("lifetime_s", "format")
SAMPLES = 8           # session ids collected for the entropy facts
EXPIRY_SLACK_S = 1.5  # waited beyond a 10 s lifetime / idle timeout

_print_lock = threading.Lock()


def log(*args):
    with _print_lock:
        print(*args, flush=True)


# --- knox's bundled secrets, read from the C++ source -------------------------------------------
def known_secrets():
    text = open(KNOWN_SECRETS_CC, encoding="utf-8").read()
    out = []
    for literal in re.findall(r'"((?:[^"\\]|\\.)*)"sv', text):
        out.append(literal.encode("latin-1").decode("unicode_escape").encode("latin-1"))
    if len(out) < 20:
        raise SystemExit(f"ground_truth_test: could not read the secrets of {KNOWN_SECRETS_CC}")
    return out


# --- Set-Cookie parsing and a minimal jar ---------------------------------------------------------
class SetCookie:
    def __init__(self, line, date):
        self.line = line
        parts = line.split(";")
        name, _, value = parts[0].strip().partition("=")
        self.name, self.value = name.strip(), value.strip()
        self.attrs = {}
        for part in parts[1:]:
            key, _, val = part.strip().partition("=")
            self.attrs[key.strip().lower()] = val.strip()
        self.date = date  # the response's Date, epoch seconds (or now)

    @property
    def secure(self):
        return "secure" in self.attrs

    @property
    def http_only(self):
        return "httponly" in self.attrs

    @property
    def same_site(self):
        v = self.attrs.get("samesite")
        if v is None:
            return "missing"
        return {"strict": "Strict", "lax": "Lax", "none": "None"}.get(v.lower(), "invalid:" + v)

    def max_age(self):
        v = self.attrs.get("max-age")
        return int(v) if v is not None and re.fullmatch(r"-?\d+", v) else None

    def expires(self):
        v = self.attrs.get("expires")
        if not v:
            return None
        try:
            return email.utils.parsedate_to_datetime(v).timestamp()
        except (TypeError, ValueError):
            return None

    def lifetime(self):
        """Seconds a browser keeps it (Max-Age wins over Expires); None = browser session."""
        if self.max_age() is not None:
            return self.max_age()
        if self.expires() is not None:
            return round(self.expires() - self.date)
        return None

    def is_deletion(self):
        lifetime = self.lifetime()
        return lifetime is not None and lifetime <= 0


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        date = self.header("date")
        try:
            self.date = email.utils.parsedate_to_datetime(date).timestamp() if date else time.time()
        except (TypeError, ValueError):
            self.date = time.time()
        self.set_cookies = [SetCookie(v, self.date) for k, v in headers if k.lower() == "set-cookie"]

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    def cookie(self, name):
        found = [c for c in self.set_cookies if c.name == name]
        return found[-1] if found else None

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None


class Client:
    def __init__(self, target, cafile=None):
        self.host, self.port, self.tls = target.host, target.port, bool(target.tls)
        self.ctx = ssl.create_default_context(cafile=cafile) if self.tls else None

    def request(self, method, path, cookies=None, form=None, json_body=None, timeout=10):
        headers = {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            body = json.dumps(json_body)
            headers["Content-Type"] = "application/json"
        elif method == "POST":
            body = ""
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if self.tls:
            conn = http.client.HTTPSConnection(self.host, self.port, timeout=timeout,
                                               context=self.ctx)
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            return Response(r.status, r.getheaders(), r.read().decode("utf-8", "replace"))
        finally:
            conn.close()


def apply(jar, response):
    """Store the response's cookies in jar (name -> value) the simple way: deletions remove."""
    for c in response.set_cookies:
        if c.is_deletion():
            jar.pop(c.name, None)
        else:
            jar[c.name] = c.value
    return jar


# --- signed formats, verified with the real libraries ---------------------------------------------
def _b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def flask_verify(value, secret):
    from flask.sessions import session_json_serializer
    from itsdangerous import BadSignature, URLSafeTimedSerializer
    s = URLSafeTimedSerializer(secret, salt="cookie-session", serializer=session_json_serializer,
                               signer_kwargs={"key_derivation": "hmac",
                                              "digest_method": hashlib.sha1})
    try:
        return s.loads(value)
    except BadSignature:
        return None


def starlette_verify(value, secret):
    from itsdangerous import BadSignature, TimestampSigner
    try:
        data = TimestampSigner(secret).unsign(value.encode())
    except BadSignature:
        return None
    return json.loads(base64.b64decode(data))


def django_verify(value, secret):
    from django.contrib.sessions.serializers import JSONSerializer
    from django.core import signing
    try:
        return signing.loads(value, key=secret.decode("latin-1"),
                             salt="django.contrib.sessions.backends.signed_cookies",
                             serializer=JSONSerializer)
    except signing.BadSignature:
        return None


def node_verify(request):
    r = subprocess.run(["node", os.path.join(NODE_DIR, "verify_signature.js")],
                       input=json.dumps(request), capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        raise RuntimeError(f"verify_signature.js failed: {r.stderr.strip()}")
    return json.loads(r.stdout)["index"]


def classify(name, value, companion_sig):
    """(kind, format, readable payload or None) from the cookie's structure alone (no key)."""
    if companion_sig is not None:
        try:
            return "signed", "cookie-session", json.loads(base64.b64decode(value))
        except (ValueError, binascii.Error):
            return "signed", "cookie-session", None
    raw = urllib.parse.unquote(value)
    if re.fullmatch(r"s:[^.]+\.[A-Za-z0-9+/]{43}", raw):
        return "signed", "express", None
    m = re.fullmatch(r"(\.?)([A-Za-z0-9_-]+):([A-Za-z0-9]+):([A-Za-z0-9_-]{43})", value)
    if m:  # django signing.dumps: [.]payload:timestamp(base62):sha256 signature
        data = _b64url_decode(m.group(2))
        if m.group(1):
            data = zlib.decompress(data)
        return "signed", "django", json.loads(data)
    m = re.fullmatch(r"(\.?)([A-Za-z0-9_+/=-]+)\.([A-Za-z0-9_-]{6})\.([A-Za-z0-9_-]{27})", value)
    if m:  # itsdangerous value.timestamp.signature (sha1)
        if m.group(1) or not re.search(r"[+/=]", m.group(2)):
            data = _b64url_decode(m.group(2))
            if m.group(1):
                data = zlib.decompress(data)
            # Flask: URL-safe unpadded base64 of compact JSON (zlib when it starts with '.')
            if b'": ' not in data and b'", ' not in data:
                return "signed", "flask", json.loads(data)
        # Starlette: standard padded base64 of json.dumps (", " and ": " separators)
        return "signed", "starlette", json.loads(base64.b64decode(m.group(2)))
    if re.fullmatch(r"[A-Za-z0-9_-]{8,}", value):
        return "server-id", None, None
    return "unknown", None, None


def find_secret(fmt, name, value, companion_sig, secret_list):
    """Index of the secret of secret_list that signs value (real library), -1 when none."""
    if fmt in ("express", "cookie-session"):
        return node_verify({"format": fmt, "value": value, "name": name,
                            "signature": companion_sig,
                            "secrets": [s.decode("latin-1") for s in secret_list]})
    verify = {"flask": flask_verify, "starlette": starlette_verify, "django": django_verify}[fmt]
    for i, s in enumerate(secret_list):
        if verify(value, s) is not None:
            return i
    return -1


def session_id_of(fmt, value, payload):
    """The random part an entropy analysis would look at."""
    if fmt is None:
        return value
    if fmt == "express":
        return urllib.parse.unquote(value)[2:].split(".", 1)[0]
    if isinstance(payload, dict) and isinstance(payload.get("sid"), str):
        return payload["sid"]
    return None


# --- tampering ---------------------------------------------------------------------------------------
def flip(ch):
    for alphabet in (B64URL, B64STD):
        if ch in alphabet:
            return alphabet[alphabet.index(ch) ^ 32]  # changes a significant bit of that digit
    return None


def tampered_values(value):
    """Copies of the cookie value with one character changed: near the start, in the middle and
    the last changeable one (for signed values: payload, signature). Percent-encoded values are
    decoded, changed and re-encoded (the way express-session encodes them)."""
    encoded = "%" in value
    raw = urllib.parse.unquote(value) if encoded else value
    positions = [i for i, c in enumerate(raw) if c.isalnum()]
    picks = sorted({positions[len(positions) // 4], positions[len(positions) // 2], positions[-1]})
    out = []
    for i in picks:
        t = raw[:i] + flip(raw[i]) + raw[i + 1:]
        out.append(urllib.parse.quote(t, safe="-_.!~*'()") if encoded else t)
    return out


# --- one run of one target -------------------------------------------------------------------------
class Run:
    def __init__(self, target, cafile, secret_list, do_expiry):
        self.t = target
        self.spec = target.spec
        self.exp = target.expected
        self.client = Client(target, cafile)
        self.cookie = self.spec["session_cookie"]
        self.secrets = secret_list
        self.do_expiry = do_expiry
        self.observed = {}
        self.problems = []
        self.notes = []
        self.label = f"{target.name} over {target.scheme}"

    # helpers
    def req(self, method, path, jar=None, **kw):
        return self.client.request(method, path, cookies=jar, **kw)

    def check(self, cond, what):
        if not cond:
            self.problems.append(what)
        return cond

    def login(self, jar=None, as_json=False):
        creds = {"username": self.spec["user"], "password": self.spec["password"]}
        if as_json:
            r = self.req("POST", "/login", jar, json_body=creds)
        else:
            r = self.req("POST", "/login", jar, form=creds)
        return r

    def logged_in(self, jar, path="/me"):
        r = self.req("GET", path, jar)
        if r.status == 200:
            body = r.json()
            self.check(isinstance(body, dict) and body.get("user") == self.spec["user"],
                       f"GET {path} 200 without {{\"user\": \"alice\"}}: {r.body[:100]!r}")
            return True
        self.check(r.status in (401, 403), f"GET {path} answered {r.status}, not 200/401/403")
        return False

    def fresh_login(self, jar=None):
        jar = dict(jar or {})
        r = self.login(jar)
        self.check(r.status in (200, 302), f"login answered {r.status}")
        apply(jar, r)
        return r, jar

    def sig_of(self, jar):
        return jar.get(self.cookie + ".sig")

    # the flows
    def run(self):
        t = self.t
        # anonymous visit, bad credentials, not logged in
        r = self.req("GET", "/")
        self.check(r.status == 200, f"GET / answered {r.status}")
        anon = apply({}, r)
        self.check(self.req("GET", "/me").status == 401, "GET /me without a cookie is not 401")
        bad = self.req("POST", "/login",
                       form={"username": self.spec["user"], "password": "not-" + self.spec["password"]})
        self.check(bad.status == 401, f"login with a wrong password answered {bad.status}")

        if self.spec.get("tls_required") and not t.tls:
            r = self.login()
            self.check(r.status in (200, 302), f"login answered {r.status}")
            self.check(r.cookie(self.cookie) is None,
                       "over plain http the Secure session cookie is still sent")
            self.check(not self.logged_in(apply({}, r)), "over plain http a session was established")
            self.notes.append("tls_required: over http no session cookie, /me stays 401")
            return

        # JSON login works too
        rj = self.login(as_json=True)
        self.check(rj.status in (200, 302) and rj.cookie(self.cookie) is not None,
                   f"JSON login answered {rj.status} without a session cookie")

        # form login: the session cookie and its attributes
        r, jar = self.fresh_login()
        sc = r.cookie(self.cookie)
        if not self.check(sc is not None, f"login set no {self.cookie} cookie"):
            return
        self.check(self.logged_in(jar), "GET /me after login is not 200")
        o = self.observed
        o["secure"] = sc.secure
        o["http_only"] = sc.http_only
        o["same_site"] = sc.same_site
        o["prefix"] = ("__Host-" if sc.name.startswith("__Host-") else
                       "__Secure-" if sc.name.startswith("__Secure-") else "none")
        if o["prefix"] == "__Host-":  # the prefix rules, or a browser drops the cookie
            self.check(sc.secure and sc.attrs.get("path") == "/" and "domain" not in sc.attrs,
                       f"__Host- cookie without Secure, Path=/ or with Domain: {sc.line}")
        o["lifetime_s"] = sc.lifetime()
        if o["lifetime_s"] is not None and self.exp["lifetime_s"] is not None and \
                abs(o["lifetime_s"] - self.exp["lifetime_s"]) <= 2:
            o["lifetime_s"] = self.exp["lifetime_s"]  # Expires vs Date: whole seconds, +-2 s

        # session id in the URL
        location = r.header("location") or ""
        o["session_id_in_url"] = bool(location) and sc.value in location
        if o["session_id_in_url"]:
            path = urllib.parse.urlsplit(location)
            target_path = path.path + ("?" + path.query if path.query else "")
            self.check(self.logged_in({}, target_path),
                       f"the id in Location ({target_path}) does not log in without a cookie")

        # kind, format, readable payload, signing secret
        sig = self.sig_of(jar)
        kind, fmt, payload = classify(self.cookie, sc.value, sig)
        o["kind"], o["format"] = kind, fmt
        if kind == "signed":
            i = find_secret(fmt, self.cookie, sc.value, sig, self.secrets)
            o["weak_secret"] = i >= 0
            if i >= 0:
                self.notes.append(f"signed with knox's known secret #{i} "
                                  f"({len(self.secrets[i])} bytes), verified by the library")
                if payload is None and fmt in ("flask", "starlette", "django"):
                    payload = {"flask": flask_verify, "starlette": starlette_verify,
                               "django": django_verify}[fmt](sc.value, self.secrets[i])
        elif kind == "server-id":
            o["weak_secret"] = False  # an opaque id: no signature to crack
        if payload is not None:
            self.notes.append(f"payload fields: {sorted(payload)}")

        # tampering: every changed value is refused
        rejected = True
        for tv in tampered_values(sc.value):
            tj = dict(jar)
            tj[self.cookie] = tv
            if self.logged_in(tj):
                rejected = False
                self.notes.append(f"a tampered value was accepted: {tv[:12]}...")
        o["tamper_rejected"] = rejected

        # rotation: log in again with a live pre-login id (the anonymous one when / sets one)
        if self.exp["login_rotates_id"] is not None or self.cookie in anon:
            pre = dict(anon) if self.cookie in anon else dict(jar)
            r2 = self.login(pre)
            new = r2.cookie(self.cookie)
            o["login_rotates_id"] = new is not None and not new.is_deletion() and \
                new.value != pre[self.cookie]
            if o["login_rotates_id"] and self.cookie not in anon and self.exp["logout_invalidates"]:
                # a stateful server that rotates also forgets the replaced id
                self.check(not self.logged_in(pre), "the id replaced at login still logs in")

        # fixation: a pre-login cookie the attacker knows stays valid after the victim logs in
        if self.cookie in anon:
            planted = dict(anon)
        elif kind == "server-id" and self.t.name == "flask-sequential-ids":
            planted = {self.cookie: format(time.time_ns(), "x")}
        elif kind == "server-id":
            planted = {self.cookie: secrets.token_urlsafe(32)}
        else:
            planted = {self.cookie: sc.value[: len(sc.value) // 2] + "AAAA"}
        victim = dict(planted)
        r3 = self.login(victim)
        self.check(r3.status in (200, 302), f"login with a planted cookie answered {r3.status}")
        apply(victim, r3)
        self.check(self.logged_in(victim), "the victim is not logged in after login")
        o["fixation"] = self.logged_in(planted)

        # logout: the cookie is expired (in a way a browser honours) and the old one replayed
        before = dict(jar)
        r4 = self.req("POST", "/logout", jar)
        self.check(r4.status == 200, f"logout answered {r4.status}")
        dels = [c for c in r4.set_cookies if c.is_deletion()]
        names = {c.name for c in dels}
        ok = self.cookie in names and (sig is None or self.cookie + ".sig" in names)
        for c in dels:
            if c.name.startswith("__Host-") and not (c.secure and c.attrs.get("path") == "/"):
                ok = False
                self.notes.append(f"deletion of {c.name} lacks Secure/Path=/: a browser ignores it")
        o["logout_clears_cookie"] = ok
        apply(jar, r4)
        self.check(not self.logged_in(jar), "still logged in after logout with the browser's jar")
        o["logout_invalidates"] = not self.logged_in(before)

        # entropy: ids over SAMPLES logins
        if self.exp["low_entropy"] is not None:
            o["low_entropy"] = self.entropy(fmt)

        # expiry: a cookie used at t0 is refused after lifetime / idle timeout + slack
        if self.exp["expiry_enforced"] is not None and self.do_expiry:
            self.expiry()

    def entropy(self, fmt):
        ids = []
        for _ in range(SAMPLES):
            r = self.login()
            c = r.cookie(self.cookie)
            if not self.check(c is not None, "a sample login set no cookie"):
                return None
            _, _, payload = classify(self.cookie, c.value, None)
            sid = session_id_of(fmt, c.value, payload)
            if not self.check(sid is not None, "no session id found in the cookie"):
                return None
            ids.append(sid)
        self.notes.append(f"ids sampled: {len(ids)}, e.g. {ids[0][:6]}... ({len(ids[0])} chars)")
        if len(set(ids)) < len(ids):
            return True
        if all(re.fullmatch(r"[0-9]+|[0-9a-f]+", i) for i in ids):
            values = [int(i, 16) if not i.isdigit() else int(i) for i in ids]
            steps = [b - a for a, b in zip(values, values[1:])]
            if all(0 < s < 10**11 for s in steps):  # increasing by less than 100 s of ns
                self.notes.append(f"ids increase by {min(steps)}..{max(steps)}: sequential")
                return True
        # random-looking: >= 128 bits of characters and no shared prefix/suffix among samples
        bits = min(len(i) for i in ids) * 6 if all(re.fullmatch(r"[A-Za-z0-9_-]+", i)
                                                   for i in ids) else None
        prefix = os.path.commonprefix(ids)
        suffix = os.path.commonprefix([i[::-1] for i in ids])
        return not (bits and bits >= 128 and len(prefix) < 4 and len(suffix) < 4)

    def expiry(self):
        r, jar = self.fresh_login()
        if not self.check(self.logged_in(jar), "GET /me right after login is not 200"):
            return
        wait = (self.exp["lifetime_s"] or 10) + EXPIRY_SLACK_S
        time.sleep(wait)
        self.observed["expiry_enforced"] = not self.logged_in(jar)
        self.notes.append(f"replayed after {wait:.1f} s idle")

    def compare(self, expected=None):
        """Mismatches between the observed facts and expected (default: the manifest's)."""
        out = []
        if self.spec.get("tls_required") and not self.t.tls:
            return out
        for key, want in (expected or self.exp).items():
            if want is None and key not in NULL_IS_A_FACT:
                continue
            if key == "expiry_enforced" and not self.do_expiry:
                continue
            if key not in self.observed:
                out.append(f"{key}: expected {want!r}, not measured")
            elif self.observed[key] != want:
                out.append(f"{key}: expected {want!r}, observed {self.observed[key]!r}")
        return out


def mutated(expected):
    """Every decidable fact changed to a wrong value (for --mutate)."""
    other = {"same_site": {"Lax": "Strict", "Strict": "Lax", "None": "Lax", "missing": "Lax"},
             "prefix": {"none": "__Host-", "__Host-": "none", "__Secure-": "none"},
             "kind": {"signed": "server-id", "server-id": "signed"}}
    out = {}
    for key, value in expected.items():
        if value is None:
            out[key] = {"lifetime_s": 3600, "format": "flask"}.get(key)
        elif isinstance(value, bool):
            out[key] = not value
        elif isinstance(value, int):
            out[key] = value + 100
        elif key in other:
            out[key] = other[key].get(value, "mutated")
        else:
            out[key] = "mutated-" + str(value)
    return out


def run_one(name, tls, cafile, secret_list, do_expiry, verbose, mutate=False):
    started = time.monotonic()
    try:
        with targets.Target(name, tls=tls) as t:
            run = Run(t, cafile, secret_list, do_expiry)
            try:
                run.run()
            except Exception as e:  # noqa: BLE001 - reported as a failure of this target
                run.problems.append(f"exception: {type(e).__name__}: {e}")
            if not mutate:
                run.problems += run.compare()
            else:  # every wrong fact must be caught, each as a mismatch of what was measured
                wrong = mutated(run.exp)
                caught = {m.split(":", 1)[0] for m in run.compare(wrong) if "observed" in m}
                should = {k for k, v in wrong.items() if v is not None and
                          (k != "expiry_enforced" or do_expiry)}
                if run.spec.get("tls_required") and not t.tls:
                    should = set()
                for key in sorted(should - caught):
                    run.problems.append(f"--mutate: a wrong {key} ({wrong[key]!r}) went unnoticed")
                run.notes.append(f"--mutate: {len(caught)} wrong facts caught")
            if run.problems:
                run.notes.append("target log:\n" + t.log()[-2000:])
    except targets.TargetError as e:
        log(f"[FAIL] {name} over {'https' if tls else 'http'}: did not start: {e}")
        return name, tls, ["did not start: " + str(e)], [], 2
    status = "ok" if not run.problems else "FAIL"
    lines = [f"[{status}] {run.label} ({time.monotonic() - started:.1f} s)"]
    lines += [f"    mismatch: {p}" for p in run.problems]
    if verbose or run.problems:
        lines += [f"    note: {n}" for n in run.notes]
        lines += [f"    observed: {json.dumps(run.observed, sort_keys=True)}"]
    log("\n".join(lines))
    return name, tls, run.problems, run.notes, 0 if not run.problems else 1


def make_cert(directory):
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert],
                   check=True, capture_output=True, timeout=30)
    return cert, key


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("names", nargs="*")
    p.add_argument("--no-tls", action="store_true", help="http runs only")
    p.add_argument("--no-expiry", action="store_true", help="skip the ~12 s expiry waits")
    p.add_argument("--jobs", type=int, default=10, help="targets run at the same time")
    p.add_argument("--manifest", help="another targets.json (default: the one beside this file)")
    p.add_argument("--mutate", action="store_true",
                   help="self-check: change every expected fact to a wrong value and pass only if "
                        "each one is reported as a mismatch")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()
    if args.manifest:
        targets.MANIFEST = os.path.abspath(args.manifest)

    all_specs = targets.specs()
    names = args.names or list(all_specs)
    unknown = [n for n in names if n not in all_specs]
    if unknown:
        p.error(f"unknown target(s): {', '.join(unknown)}")
    if shutil.which("node") is None:
        print("ground_truth_test: node is not on PATH", file=sys.stderr)
        return 2
    if not os.path.isdir(os.path.join(NODE_DIR, "node_modules", "express-session")):
        print(f"ground_truth_test: run `npm ci` in {NODE_DIR} (./setup does)", file=sys.stderr)
        return 2

    import django
    from django.conf import settings
    settings.configure(SECRET_KEY="unused-the-tests-pass-keys-explicitly")
    django.setup()

    secret_list = known_secrets()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="knox-targets-") as tmp:
        tls = None if args.no_tls else make_cert(tmp)
        jobs = []
        for name in names:
            jobs.append((name, None))
            if tls and all_specs[name].get("tls_args") is not None:
                jobs.append((name, tls))
        # runs that wait for an expiry first, so their sleeps overlap the other runs
        jobs.sort(key=lambda j: all_specs[j[0]]["expected"]["expiry_enforced"] is None)
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = [pool.submit(run_one, n, t, tls[0] if t else None, secret_list,
                                   not args.no_expiry, args.verbose, args.mutate)
                       for n, t in jobs]
            results = [f.result() for f in futures]
    failed = [r for r in results if r[4]]
    print(f"ground_truth_test: {len(results) - len(failed)}/{len(results)} runs hold "
          f"({time.monotonic() - started:.1f} s)")
    if failed:
        return max(r[4] for r in failed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
