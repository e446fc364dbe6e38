#!/usr/bin/python3
"""Ground truth of conformance/targets: every fact that targets.json states about a target is
checked against the running app, independently of knox (http.client, hand-rolled cookie
handling, the real signing libraries: itsdangerous, django.core.signing, Node's
cookie-signature, keygrip and @hapi/iron).

Every target is started over http and, with a self-signed certificate made here with the openssl
CLI (SAN IP:127.0.0.1), over https. For each run the test *measures* the facts (attributes from
Set-Cookie and the rules by which a browser refuses it, replay after logout, a login carrying the
pre-login cookie, payload keys before and after login, tampered values and MACs, signing secrets,
sampled ids, expiry after waiting) and compares them with `expected`; a non-null expected fact
that could not be measured is a failure too, and so is a measured value where null is expected
for the facts whose null is itself a measurement (NULL_IS_A_FACT). A target with a knox profile
that fetches a CSRF token (`[login.csrf]`) is logged in the same way. Over plain http a `tls_required` target is only
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
import html as html_lib
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
import tomllib
import urllib.parse
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import targets  # noqa: E402
from bearer_run import BearerRun  # noqa: E402

KNOWN_SECRETS_CC = os.path.join(targets.REPO_ROOT, "conformance", "analysis", "known_secrets.cc")
NODE_DIR = os.path.join(HERE, "node")
RUBY_VERIFY = os.path.join(HERE, "ruby", "verify_signature.rb")
LARAVEL_VERIFY = os.path.join(HERE, "php", "laravel", "verify_cookie.php")
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
B64STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# null here is itself a measured fact: no lifetime (browser-session cookie), no format (a plain
# server id), no weak secret (no format to crack), no readable payload to compare (a server id or
# ciphertext), rotation and fixation undecided (the login carrying the pre-login cookie is refused)
NULL_IS_A_FACT = ("lifetime_s", "format", "weak_secret", "carried_over_fields",
                  "login_rotates_id", "fixation")
# iron-strong's password, given to it in the environment so the seal can be opened here
IRON_PASSWORD = secrets.token_urlsafe(32)
# rails-secure-csrf's secret_key_base, likewise (to decrypt its cookie here)
RAILS_SECRET_KEY_BASE = secrets.token_hex(64)
# laravel-session-csrf's APP_KEY, likewise (as `php artisan key:generate` writes it)
LARAVEL_APP_KEY = "base64:" + base64.b64encode(secrets.token_bytes(32)).decode()
TARGET_ENV = {"KNOX_TARGET_IRON_PASSWORD": IRON_PASSWORD,
              "KNOX_TARGET_RAILS_SECRET_KEY_BASE": RAILS_SECRET_KEY_BASE,
              "KNOX_TARGET_LARAVEL_APP_KEY": LARAVEL_APP_KEY}
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
        # an https front (nginx-https-front): the facts are those of its https side
        self.host, self.port, self.tls = target.host, target.https_port or target.port, \
            bool(target.tls)
        self.ctx = ssl.create_default_context(cafile=cafile) if self.tls else None

    def request(self, method, path, cookies=None, form=None, json_body=None, timeout=10,
                headers=None):
        headers = dict(headers or {})
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


def _flask_serializer(secret):
    from flask.sessions import session_json_serializer
    from itsdangerous import URLSafeTimedSerializer
    return URLSafeTimedSerializer(secret, salt="cookie-session", serializer=session_json_serializer,
                                  signer_kwargs={"key_derivation": "hmac",
                                                 "digest_method": hashlib.sha1})


def flask_verify(value, secret):
    from itsdangerous import BadSignature
    try:
        return _flask_serializer(secret).loads(value)
    except BadSignature:
        return None


def flask_decode(value):
    """Flask's payload read by itsdangerous itself without the key (loads_unsafe)."""
    _, payload = _flask_serializer(b"no key: only decoding").loads_unsafe(value)
    return payload


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
    """verify_signature.js: {"index": i of the secret that verifies/unseals, or -1, ...}."""
    r = subprocess.run(["node", os.path.join(NODE_DIR, "verify_signature.js")],
                       input=json.dumps(request), capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        raise RuntimeError(f"verify_signature.js failed: {r.stderr.strip()}")
    return json.loads(r.stdout)


GO_DIR = os.path.join(HERE, "go")
_gorilla_helper = []
_gorilla_lock = threading.Lock()


def gorilla_verify(request):
    """go/verify_gorilla.go (gorilla/securecookie and encoding/gob themselves): {"index": i of the
    secret that decodes the cookie as a hash key, or -1, "payload": {...} decoded with it,
    "unkeyed": {...} read without a key, or null}."""
    with _gorilla_lock:
        if not _gorilla_helper:
            r = subprocess.run([sys.executable, os.path.join(GO_DIR, "run.py"), "--build",
                                "verify_gorilla.go"], capture_output=True, text=True, timeout=120)
            if r.returncode != 0:
                raise RuntimeError(f"building verify_gorilla.go failed: {r.stderr.strip()}")
            _gorilla_helper.append(r.stdout.strip())
    r = subprocess.run([_gorilla_helper[0]], input=json.dumps(request), capture_output=True,
                       text=True, timeout=30)
    if r.returncode != 0:
        raise RuntimeError(f"verify_gorilla failed: {r.stderr.strip()}")
    return json.loads(r.stdout)


# gorilla/securecookie without a block key: base64url(date|base64url(gob)|HMAC-SHA256), padded
GORILLA = re.compile(rb"(\d+)\|([A-Za-z0-9_=-]+)\|(.{32})", re.S)


def gorilla_parts(value):
    try:
        raw = base64.urlsafe_b64decode(value)
    except (ValueError, binascii.Error):
        return None
    return GORILLA.fullmatch(raw)


def gorilla_forge(name, value, secret, date):
    """The same securecookie value re-dated and re-MACed with secret (HMAC-SHA256 over
    name|date|value, as securecookie.Encode): what knox's forged expiry probe sends."""
    import hmac
    m = gorilla_parts(value)
    body = str(date).encode() + b"|" + m.group(2)
    mac = hmac.new(secret, name.encode() + b"|" + body, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(body + b"|" + mac).decode()

def ruby_verify(request):
    """ruby/verify_signature.rb (Rack::Session::Cookie, ActionDispatch's encrypted cookie jar):
    {"index": i of the secret that verifies/decrypts, or -1, "payload", "readable"}."""
    r = subprocess.run(["ruby", RUBY_VERIFY], input=json.dumps(request), capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"verify_signature.rb failed: {r.stderr.strip()}")
    return json.loads(r.stdout)


def laravel_verify(request):
    """php/laravel/verify_cookie.php (Laravel's own EncryptCookies and Encrypter): {"index": i of
    the APP_KEY under which the app sees the cookie, or -1, "plaintext": what it sees (the session
    id), "envelope": the members of the base64 JSON envelope}."""
    r = subprocess.run(["php", LARAVEL_VERIFY], input=json.dumps(request), capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"verify_cookie.php failed: {r.stderr.strip()}")
    return json.loads(r.stdout)


def laravel_envelope(value):
    """Laravel's Encrypter payload (EncryptCookies' value, rawurlencoded by Symfony's Cookie):
    base64 of a JSON object with iv, value and mac (and tag); None for anything else."""
    try:
        data = json.loads(base64.b64decode(urllib.parse.unquote(value), validate=True))
    except (ValueError, binascii.Error):
        return None
    return data if isinstance(data, dict) and {"iv", "value", "mac"} <= set(data) else None


# Rack::Session::Cookie: URL-escaped strict base64 of Marshal data, "--", hex HMAC-SHA1
RACK_COOKIE = re.compile(r"[A-Za-z0-9+/]+={0,2}--[0-9a-f]{40}")
# Rails' authenticated encrypted cookie (AES-256-GCM): base64 ciphertext--iv (12 bytes)--tag
RAILS_GCM = re.compile(r"[A-Za-z0-9+/]+={0,2}--[A-Za-z0-9+/]{16}--[A-Za-z0-9+/]{22}==")

IRON_SEAL = re.compile(r"Fe26\.2\*[^*]*\*[0-9a-f]+\*[A-Za-z0-9_-]+\*[A-Za-z0-9_-]+\*\d*"
                       r"\*[0-9a-f]+\*[A-Za-z0-9_-]+")


def classify(name, value, companion_sig):
    """(kind, format, payload) from the cookie's structure alone (no key). kind uses the names of
    facts.h: server-id (an opaque id, bare or inside express-session's signature),
    signed-payload, encrypted-payload. payload: the dict anyone can read, {} for ciphertext (nothing
    readable), None for a server id."""
    if companion_sig is not None:  # cookie-session: base64 JSON, MAC in the .sig companion
        try:
            return "signed-payload", "cookie-session", json.loads(base64.b64decode(value))
        except (ValueError, binascii.Error):
            return "signed-payload", "cookie-session", None
    raw = urllib.parse.unquote(value)
    if RACK_COOKIE.fullmatch(raw):  # decoded by Rack itself, without a secret
        return "signed-payload", "rack", ruby_verify({"format": "rack", "value": value,
                                                      "name": name, "secrets": []})["readable"]
    if RAILS_GCM.fullmatch(raw):
        return "encrypted-payload", "rails-encrypted", {}
    if laravel_envelope(value) is not None:  # Laravel: AES-CBC ciphertext + HMAC-SHA256 (or GCM)
        return "encrypted-payload", "laravel", {}
    if IRON_SEAL.fullmatch(value):  # @hapi/iron: AES-256-CBC ciphertext + HMAC-SHA256
        return "encrypted-payload", "iron", {}
    if gorilla_parts(value):  # gorilla/sessions CookieStore, no block key: gob readable
        return "signed-payload", "gorilla", gorilla_verify({"name": name, "value": value,
                                                            "secrets": []})["unkeyed"]
    if re.fullmatch(r"s:[^.]+\.[A-Za-z0-9+/]{43}", raw):
        return "server-id", "express", None
    m = re.fullmatch(r"(\.?)([A-Za-z0-9_-]+):([A-Za-z0-9]+):([A-Za-z0-9_-]{43})", value)
    if m:  # django signing.dumps: [.]payload:timestamp(base62):sha256 signature
        data = _b64url_decode(m.group(2))
        if m.group(1):
            data = zlib.decompress(data)
        return "signed-payload", "django", json.loads(data)
    m = re.fullmatch(r"(\.?)([A-Za-z0-9_+/=-]+)\.([A-Za-z0-9_-]{6})\.([A-Za-z0-9_-]{27})", value)
    if m:  # itsdangerous value.timestamp.signature (sha1)
        if m.group(1) or not re.search(r"[+/=]", m.group(2)):
            data = _b64url_decode(m.group(2))
            if m.group(1):
                data = zlib.decompress(data)
            # Flask: URL-safe unpadded base64 of compact JSON (zlib when it starts with '.'),
            # decoded by itsdangerous itself
            if b'": ' not in data and b'", ' not in data:
                return "signed-payload", "flask", flask_decode(value)
        # Starlette: standard padded base64 of json.dumps (", " and ": " separators)
        return "signed-payload", "starlette", json.loads(base64.b64decode(m.group(2)))
    if re.fullmatch(r"[A-Za-z0-9_-]{8,}", value):
        return "server-id", None, None
    return "unknown", None, None


def find_secret(fmt, name, value, companion_sig, secret_list):
    """Index of the secret of secret_list that signs (or seals) value, checked with the real
    library; -1 when none."""
    if fmt in ("rack", "rails-encrypted"):
        return ruby_verify({"format": fmt, "value": value, "name": name,
                            "secrets": [s.decode("latin-1") for s in secret_list]})["index"]
    if fmt in ("express", "cookie-session", "iron"):
        return node_verify({"format": fmt, "value": value, "name": name,
                            "signature": companion_sig,
                            "secrets": [s.decode("latin-1") for s in secret_list]})["index"]
    if fmt == "laravel":
        return laravel_verify({"name": name, "value": value,
                               "secrets": [s.decode("latin-1") for s in secret_list]})["index"]
    if fmt == "gorilla":
        return gorilla_verify({"name": name, "value": value,
                               "secrets": [s.decode("latin-1") for s in secret_list]})["index"]
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


# --- what a browser refuses, and which payload keys look sensitive --------------------------------
def browser_refusal(c):
    """Why a browser refuses to store the Set-Cookie line c (None: it stores it). The rules
    checked on the raw attributes: RFC 6265bis's name prefixes (matched case-insensitively, as
    current browsers do) — __Secure- needs Secure; __Host- needs Secure, Path=/ and no Domain —,
    Chromium's SameSite=None-requires-Secure, and the 4096-byte limit of name + value. (Every
    target is on 127.0.0.1, a potentially trustworthy origin: Secure itself is accepted over
    http.)"""
    lower = c.name.lower()
    if len(c.name) + len(c.value) > 4096:
        return "name and value over 4096 bytes"
    if lower.startswith("__secure-") and not c.secure:
        return "__Secure- prefix without Secure"
    if lower.startswith("__host-") and not (c.secure and c.attrs.get("path") == "/" and
                                             "domain" not in c.attrs):
        return "__Host- prefix without Secure, without Path=/ or with Domain"
    if c.same_site == "None" and not c.secure:
        return "SameSite=None without Secure (Chromium)"
    return None


# Whole words of a payload key that make it sensitive (identity, privileges, contact data,
# credentials, payment): the key is split at '_', '-', '.', digits and camelCase humps, and one
# word must equal one of SENSITIVE_WORDS (case-insensitive); the words of WHOLE_KEY_ONLY count only
# as the whole key (`sub` is the JWT subject, `sub_total` is not; `login` is a login name,
# `last_login` a time); the words of a NOT_SENSITIVE phrase are taken out first (Django's
# `_auth_user_backend` is a class path next to `_auth_user_id`; a CSRF token is not a credential of
# the user). So user, user_id, _auth_user_id, _auth_user_hash, isAdmin and email are sensitive;
# visits, sid, csrf, csrf_token, _permanent and _auth_user_backend are not. `id`, `key` and `card`
# alone are not words of the list (`_id`, `cache_key`, `gift_card` name no person or secret).
SENSITIVE_WORDS = frozenset("""
    user users username userid uid email mail phone account customer principal
    role roles admin administrator staff superuser moderator perm perms permission permissions
    group groups scope scopes privilege privileges
    password passwd pwd hash token secret apikey otp totp ssn iban address birth dob
""".split())
WHOLE_KEY_ONLY = frozenset({"sub", "subject", "login"})
NOT_SENSITIVE = (("auth", "user", "backend"), ("csrf", "token"), ("xsrf", "token"),
                 ("csrf", "secret"), ("token", "type"), ("user", "agent"))


def key_words(key):
    return [w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", key)]


def is_sensitive(key):
    words = key_words(key)
    if len(words) == 1 and words[0] in WHOLE_KEY_ONLY:
        return True
    for phrase in NOT_SENSITIVE:  # the phrase's words are no longer matched
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) == phrase:
                words[i:i + n] = [""] * n
    return any(w in SENSITIVE_WORDS for w in words)


def sensitive_keys(keys):
    return sorted(k for k in keys if is_sensitive(k))


# --- tampering ---------------------------------------------------------------------------------------
def flip(ch):
    for alphabet in (B64URL, B64STD):
        if ch in alphabet:
            return alphabet[alphabet.index(ch) ^ 32]  # changes a significant bit of that digit
    return None


def _changed(value, pick, change):
    """value with the character at pick(positions of alphanumerics) replaced by change(char).
    Percent-encoded values are decoded, changed and re-encoded (as express-session encodes)."""
    encoded = "%" in value
    raw = urllib.parse.unquote(value) if encoded else value
    positions = [i for i, c in enumerate(raw) if c.isalnum()]
    i = pick(positions)
    t = raw[:i] + change(raw[i]) + raw[i + 1:]
    return urllib.parse.quote(t, safe="-_.!~*'()") if encoded else t


def tampered_values(value):
    """Copies of the cookie value with one character changed: near the start, in the middle and
    the last changeable one (for signed values: payload, signature)."""
    encoded = "%" in value
    raw = urllib.parse.unquote(value) if encoded else value
    positions = [i for i, c in enumerate(raw) if c.isalnum()]
    picks = sorted({positions[len(positions) // 4], positions[len(positions) // 2], positions[-1]})
    return [_changed(value, lambda _, i=i: i, flip) for i in picks]


def same_class_change(ch):
    """Another character of the same class (digit, lower, upper): a made-up value keeps the
    shape of the real one (knox's FlipChar)."""
    if ch.isdigit():
        return "1" if ch == "0" else "0"
    if ch.islower():
        return "b" if ch == "a" else "a"
    return "B" if ch == "A" else "A"


def made_up(value):
    """A value of the same shape as a real session value: a copy with the middle character
    changed (the pre-login value planted when the server issues none before login)."""
    return _changed(value, lambda p: p[len(p) // 2], same_class_change)


def find_input(html, name):
    """The value of <input name=NAME value=...> in a page (attributes in any order)."""
    for tag in re.findall(r"<input\b[^>]*>", html, re.I):
        if re.search(r"""\bname\s*=\s*["']?%s["'\s>/]""" % re.escape(name), tag, re.I):
            m = re.search(r"""\bvalue\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", tag, re.I)
            if m:
                return html_lib.unescape(next(g for g in m.groups() if g is not None))
    return None


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
        self.routes = routes_of(self.spec)
        self.csrf = csrf_of(self.spec)
        self.last_page = None  # the CSRF token page of the last login
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

    def fetch_token(self, jar):
        """GET the profile's CSRF page with jar: (token, the page's response)."""
        page = self.req("GET", self.csrf["fetch"], jar)
        self.check(page.status == 200, f"GET {self.csrf['fetch']} answered {page.status}")
        token = find_input(page.body, self.csrf["input"])
        self.check(token, f"no <input name={self.csrf['input']}> on {self.csrf['fetch']}")
        return token, page

    def login(self, jar=None, as_json=False, password=None, fetch_updates_jar=True, token=None):
        """POST /login as a browser holding jar. With a CSRF profile the token is fetched first
        (GET the profile's page with jar) and sent as the profile's field; the cookies that page
        set are carried by the POST when fetch_updates_jar (a browser), not when False (knox's
        login "carrying the pre-login cookie"). Returns (response, the cookies the POST carried)."""
        jar = dict(jar or {})
        creds = {self.routes["user_field"]: self.spec["user"],
                 self.routes["password_field"]: password or self.spec["password"]}
        self.last_page = None
        if self.csrf:
            if token is None:
                token, page = self.fetch_token(jar)
                self.last_page = page
                if fetch_updates_jar:
                    apply(jar, page)
                elif self.csrf.get("page_cookies"):
                    # knox's login through a discovered form (docs/audit.md): the page's fresh
                    # cookies (e.g. Django's csrftoken), the pre-login session value kept
                    kept = jar.get(self.cookie)
                    apply(jar, page)
                    if kept is not None:
                        jar[self.cookie] = kept
            creds[self.csrf["field"]] = token or ""
        for name, value in self.routes.get("extra_fields", {}).items():
            creds[name] = value
        # a browser's form POST names its page (Django's CSRF check over https requires it)
        headers = {"Referer": self.t.url + self.csrf["fetch"]} if self.routes["html"] else None
        if as_json:
            r = self.req("POST", self.routes["login"], jar, json_body=creds)
        else:
            r = self.req("POST", self.routes["login"], jar, form=creds, headers=headers)
        return r, jar

    def login_cookie(self, r):
        """The session cookie a login set: on its response, else (a session started by the login
        form's page and kept through the login, as PHP's) on the token page."""
        c = r.cookie(self.cookie)
        if c is None and self.last_page is not None:
            c = self.last_page.cookie(self.cookie)
        return c

    def logged_in(self, jar, path=None):
        path = path or self.routes["protected"]
        r = self.req("GET", path, jar)
        if self.routes["html"]:
            # an HTML app: the page greets the user and holds no password input; without a
            # session it redirects to the login page (or shows the login form)
            if r.status == 200:
                return self.spec["user"] in r.body and 'type="password"' not in r.body
            self.check(r.status in (301, 302, 303, 401, 403),
                       f"GET {path} answered {r.status}, not 200/30x/401/403")
            return False
        if r.status == 200:
            body = r.json()
            self.check(isinstance(body, dict) and body.get("user") == self.spec["user"],
                       f"GET {path} 200 without {{\"user\": \"alice\"}}: {r.body[:100]!r}")
            return True
        self.check(r.status in (401, 403), f"GET {path} answered {r.status}, not 200/401/403")
        return False

    def fresh_login(self, jar=None):
        r, jar = self.login(jar)
        self.check(r.status in (200, 302), f"login answered {r.status}")
        apply(jar, r)
        return r, jar

    def session_pair(self, jar):
        """The session cookie (and its .sig companion) of jar, alone."""
        return {k: v for k, v in jar.items() if k in (self.cookie, self.cookie + ".sig")}

    def payload_keys(self, jar, kind):
        """Keys of the session payload in jar anyone can read (set() when none, or for ciphertext);
        None for a server id."""
        value = jar.get(self.cookie)
        if value is None:
            return set()
        k, _, payload = classify(self.cookie, value, jar.get(self.cookie + ".sig"))
        if kind == "server-id" or k == "server-id":
            return None
        return set(payload) if isinstance(payload, dict) else set()

    # the flows
    def run(self):
        t = self.t
        o = self.observed
        # anonymous visit, bad credentials, not logged in
        r = self.req("GET", "/")
        self.check(r.status == 200, f"GET / answered {r.status}")
        anon = apply({}, r)
        self.check(not self.logged_in({}), "the protected page without a cookie is not refused")
        bad, _ = self.login(password="not-" + self.spec["password"])
        self.check(bad.status in self.routes["bad_login_status"],
                   f"login with a wrong password answered {bad.status}")

        if self.spec.get("tls_required") and not t.tls:
            r, _ = self.login()
            self.check(r.status in (200, 302), f"login answered {r.status}")
            self.check(r.cookie(self.cookie) is None,
                       "over plain http the Secure session cookie is still sent")
            self.check(not self.logged_in(apply({}, r)), "over plain http a session was established")
            self.notes.append("tls_required: over http no session cookie, /me stays 401")
            return

        if self.csrf and not self.csrf.get("page_cookies"):
            self.csrf_checks()

        # JSON login works too
        if self.routes["json_login"]:
            rj, _ = self.login(as_json=True)
            self.check(rj.status in (200, 302) and rj.cookie(self.cookie) is not None,
                       f"JSON login answered {rj.status} without a session cookie")

        # form login: the session cookie and its attributes
        r, jar = self.fresh_login()
        login_response = r
        sc = self.login_cookie(r)
        if not self.check(sc is not None, f"login set no {self.cookie} cookie"):
            return
        self.check(self.logged_in(jar), "GET /me after login is not 200")
        o["secure"] = sc.secure
        o["http_only"] = sc.http_only
        o["same_site"] = sc.same_site
        o["prefix"] = ("__Host-" if sc.name.startswith("__Host-") else
                       "__Secure-" if sc.name.startswith("__Secure-") else "none")
        refusal = browser_refusal(sc)
        o["browser_refuses_session_cookie"] = refusal is not None
        if refusal:
            self.notes.append(f"a browser refuses the session cookie: {refusal}")
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

        # kind, format, signing secret
        sig = jar.get(self.cookie + ".sig")
        kind, fmt, payload = classify(self.cookie, sc.value, sig)
        o["kind"], o["format"] = kind, fmt
        if fmt is None:
            o["weak_secret"] = None  # a plain opaque id: no format, nothing to crack
        else:
            i = find_secret(fmt, self.cookie, sc.value, sig, self.secrets)
            o["weak_secret"] = i >= 0
            if i >= 0:
                self.notes.append(f"signed with knox's known secret #{i} "
                                  f"({len(self.secrets[i])} bytes), verified by the library")
                if fmt in ("flask", "starlette", "django"):
                    verified = {"flask": flask_verify, "starlette": starlette_verify,
                                "django": django_verify}[fmt](sc.value, self.secrets[i])
                    self.check(verified == payload, "the payload the library verifies is not the "
                                                    "one decoded without the key")
            else:
                self.notes.append(f"none of the {len(self.secrets)} known secrets verifies it "
                                  "(real library)")
        if fmt == "iron":
            self.iron_checks(sc.value)
        if fmt == "gorilla":
            self.gorilla_checks(sc.value, i, jar)
        if self.t.https_front:
            self.https_front_checks()
        if fmt == "rails-encrypted":
            self.rails_checks(sc.value)
        if fmt == "laravel":
            self.laravel_checks(sc.value)
        if fmt == "rack":
            verified = ruby_verify({"format": "rack", "value": sc.value, "name": self.cookie,
                                    "secrets": [s.decode("latin-1") for s in self.secrets]})
            self.check(verified["payload"] == payload, "the session Rack opens with the secret "
                                                       "is not the one decoded without it")

        # tampering: every changed value is refused; the value with a changed MAC (signature
        # end, or the .sig companion) is refused: that MAC protects the value
        rejected = True
        variants = tampered_values(sc.value)
        for tv in variants:
            tj = dict(jar)
            tj[self.cookie] = tv
            if self.logged_in(tj):
                rejected = False
                self.notes.append(f"a tampered value was accepted: {tv[:12]}...")
        o["tamper_rejected"] = rejected
        if fmt is None:
            o["signed"] = False  # a bare id: no MAC
        else:
            mj = dict(jar)
            if sig is not None:
                mj[self.cookie + ".sig"] = tampered_values(sig)[-1]
            else:
                mj[self.cookie] = variants[-1]
            o["signed"] = not self.logged_in(mj)

        # rotation and fixation, from one login carrying the pre-login session cookie
        self.rotation_and_fixation(anon, jar, sc)

        # readable payload keys: the login of a browser that visited / first, split into those
        # the pre-login session it carried already held and those the login added
        bj = dict(anon)
        rb, sent = self.login(bj)
        self.check(rb.status in (200, 302), f"login after visiting / answered {rb.status}")
        after = apply(dict(sent), rb)
        login_keys = self.payload_keys(after, kind)
        if login_keys is None or kind == "encrypted-payload":
            # an opaque id or ciphertext: no field is readable (decided, empty); no readable
            # payload to compare with the pre-login one (carried_over_fields null)
            o["readable_fields"], o["carried_over_fields"], o["sensitive_fields"] = [], None, []
        else:
            pre_keys = self.payload_keys(sent, kind) or set()
            o["carried_over_fields"] = sorted(login_keys & pre_keys)
            o["readable_fields"] = sorted(login_keys - pre_keys)
            o["sensitive_fields"] = sensitive_keys(o["readable_fields"])
            self.notes.append(f"payload keys: before login {sorted(pre_keys)}, "
                              f"after {sorted(login_keys)}")

        # a stateful server that issues a new id at a login forgets the replaced one
        # (not for an HTML app, whose login page sends a logged-in user away)
        if self.cookie not in anon and self.exp["logout_invalidates"] and not self.routes["html"]:
            r2, carried = self.login(jar)
            new = r2.cookie(self.cookie)
            if new is not None and new.value != jar[self.cookie]:
                self.check(not self.logged_in(self.session_pair(jar)),
                           "the id replaced at a new login still logs in")

        # logout: the cookie is expired (in a way a browser honours) and the old one replayed
        before = dict(jar)
        if self.routes.get("logout_csrf"):
            self.logout_csrf_checks(jar)
        r4 = self.logout(jar)
        self.check(r4.status in self.routes["logout_status"], f"logout answered {r4.status}")
        dels = [c for c in r4.set_cookies if c.is_deletion()]
        names = {c.name for c in dels}
        ok = self.cookie in names and (sig is None or self.cookie + ".sig" in names)
        # a stateless store answers the logout with a new value of the cookie instead (Rack's
        # session.clear, Rails' reset_session): the browser no longer holds the old value, and the
        # new one does not log in
        replaced = r4.cookie(self.cookie)
        if not ok and sig is None and replaced is not None and not replaced.is_deletion() and \
                browser_refusal(replaced) is None and replaced.value != before[self.cookie]:
            ok = not self.logged_in({self.cookie: replaced.value})
            self.notes.append("logout replaced the session cookie with a new value"
                              + ("" if ok else " that still logs in"))
        # a deletion a browser would refuse although it stores the cookie itself (e.g. a __Host-
        # deletion without Secure) leaves the cookie in place; one refused by the same rule as
        # the cookie (flask-secure-prefix-no-secure: the same attributes) deletes it wherever the
        # cookie was accepted
        set_lines = {c.name: c for c in login_response.set_cookies}
        for c in dels:
            why = browser_refusal(c)
            if why and c.name in (self.cookie, self.cookie + ".sig"):
                original = set_lines.get(c.name)
                if original is None or browser_refusal(original) != why:
                    ok = False
                    self.notes.append(f"a browser ignores the deletion of {c.name}: {why}")
                else:
                    self.notes.append(f"the deletion of {c.name} is refused like the cookie "
                                      f"itself ({why}): it clears it wherever it was stored")
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

    def logout(self, jar, token=True):
        """The logout request of the routes: with `logout_csrf`, the protected page is fetched
        with jar (cookies kept, as a browser keeps them) and its token sent as a form field along
        with `logout_fields` (e.g. Rails' `_method=delete`); token=False sends no token."""
        method, path = self.routes["logout"]
        csrf = self.routes.get("logout_csrf")
        if not csrf:
            return self.req(method, path, jar)
        form = dict(self.routes.get("logout_fields", {}))
        if token:
            page = self.req("GET", csrf["fetch"], jar)
            apply(jar, page)
            value = find_input(page.body, csrf["input"])
            self.check(value, f"no <input name={csrf['input']}> on {csrf['fetch']}")
            form[csrf["field"]] = value or ""
        headers = {"Referer": self.t.url + csrf["fetch"]}
        return self.req(method, path, jar, form=form, headers=headers)

    def logout_csrf_checks(self, jar):
        """The logout is CSRF-protected: without the page's token it is refused (not a logout
        answer) and the session still logs in."""
        r = self.logout(dict(jar), token=False)
        self.check(r.status not in self.routes["logout_status"] and r.status >= 400,
                   f"a logout without the CSRF token answered {r.status}")
        self.check(self.logged_in(dict(jar)), "a logout without the CSRF token logged out")
        self.notes.append(f"logout without the CSRF token: {r.status}, still logged in")

    def rotation_and_fixation(self, anon, jar, sc):
        """The login carries the pre-login session cookie: the anonymous one when GET / issues it,
        else (a target with its own routes) the one its login form's page issues, else a made-up
        value of the same shape (a copy of the real one with its middle character
        changed; the real .sig companion kept). login_rotates_id: the session cookie after that
        login differs from it; fixation: that pre-login value alone then reaches /me. Both stay
        None (undecided) when that login does not succeed."""
        o = self.observed
        if self.cookie not in anon and self.csrf and self.csrf.get("page_cookies"):
            # a target with its own routes: the login form's page may start the session (as knox
            # opens it when the landing page set no session cookie)
            page = self.req("GET", self.csrf["fetch"], anon)
            if page.cookie(self.cookie) is not None:
                anon = apply(dict(anon), page)
                self.notes.append(f"pre-login cookie: the one GET {self.csrf['fetch']} issued")
        if self.cookie in anon:
            planted = self.session_pair(anon)
            if not self.notes or not self.notes[-1].startswith("pre-login cookie"):
                self.notes.append("pre-login cookie: the one GET / issued")
        else:
            planted = self.session_pair(jar)
            planted[self.cookie] = made_up(sc.value)
            self.notes.append("pre-login cookie: made up (GET / issues none)")
        victim = dict(anon)
        victim.update(planted)
        # with a CSRF profile the token page is fetched with the pre-login cookie, but the POST
        # still carries the pre-login value (what knox does)
        r, carried = self.login(victim, fetch_updates_jar=False)
        if r.status not in (200, 302):
            o["login_rotates_id"] = o["fixation"] = None
            self.notes.append(f"the login carrying the pre-login cookie answered {r.status}: "
                              "rotation and fixation undecided")
            if self.csrf:
                self.check(r.status == 403, f"the login carrying the pre-login cookie answered "
                                            f"{r.status}, not 403")
                self.browser_flow_note(anon, planted)
            return
        apply(carried, r)
        self.check(self.logged_in(carried), "the victim is not logged in after login")
        o["fixation"] = self.logged_in(planted)
        # a new value while the pre-login one still logs in is no rotation (an encrypted id is
        # re-encrypted with a new IV on every response: Laravel)
        o["login_rotates_id"] = carried.get(self.cookie) != planted[self.cookie] and \
            not o["fixation"]

    def browser_flow_note(self, anon, planted):
        """For the record (not a fact): a browser keeps the cookie the token page set, so its login
        (pre-login cookie -> token page -> POST with the page's cookie) succeeds."""
        victim = dict(anon)
        victim.update(planted)
        r, carried = self.login(victim)
        if r.status not in (200, 302):
            self.notes.append(f"browser flow (token page's cookie kept): login {r.status}")
            return
        apply(carried, r)
        rotated = carried.get(self.cookie) != planted[self.cookie]
        self.notes.append(f"browser flow (token page's cookie kept): login {r.status}, "
                          f"new cookie {rotated}, pre-login value alone logged in "
                          f"{self.logged_in(planted)} (not the facts: that login does not carry "
                          f"the pre-login value)")

    def csrf_checks(self):
        """The login form's CSRF token is bound to the session it was fetched with: a login
        without the token, or carrying another (planted) session than the token's, is refused
        with 403; the same login with its own session works."""
        creds = {"username": self.spec["user"], "password": self.spec["password"]}
        r = self.req("POST", "/login", form=creds)
        self.check(r.status == 403, f"a login without a CSRF token answered {r.status}, not 403")
        attacker_token, attacker_page = self.fetch_token({})
        attacker = apply({}, attacker_page)
        victim_token, victim_page = self.fetch_token({})
        victim = apply({}, victim_page)
        self.check(attacker.get(self.cookie) and victim.get(self.cookie) and
                   attacker_token != victim_token, "the two token pages did not start two sessions")
        r, _ = self.login(attacker, token=victim_token)
        self.check(r.status == 403, f"a login carrying a foreign (planted) session with the "
                                    f"victim's token answered {r.status}, not 403")
        r, _ = self.login({}, token=victim_token)
        self.check(r.status == 403, f"a login with a token but without its session answered "
                                    f"{r.status}, not 403")
        r, sent = self.login(victim, token=victim_token)
        self.check(r.status == 200 and self.logged_in(apply(sent, r)),
                   f"a login with its own session and token answered {r.status} or did not log in")
        self.notes.append("CSRF: no token / foreign session -> 403, own session and token -> 200")

    def gorilla_checks(self, value, index, jar):
        """gorilla/securecookie opens the cookie with the known secret into {user: alice, role},
        the very values anyone reads without a key (gob, no block key); and securecookie's
        MaxAge (30 days, CookieStore's default) is enforced on the date inside the MAC: the same
        value re-dated 31 days back and re-MACed with the secret is refused, while re-MACed with
        the current date it logs in (what knox's forged expiry probe relies on)."""
        if not self.check(index >= 0, "no known secret opens the gorilla cookie"):
            return
        secret = self.secrets[index]
        res = gorilla_verify({"name": self.cookie, "value": value,
                              "secrets": [secret.decode("latin-1")]})
        self.check(res["index"] == 0 and res["payload"] == res["unkeyed"] and
                   (res["payload"] or {}).get("user") == self.spec["user"] and
                   "role" in (res["payload"] or {}),
                   f"securecookie does not decode {{user, role}} equal to the unkeyed read: {res}")
        now = int(time.time())
        fresh = dict(jar, **{self.cookie: gorilla_forge(self.cookie, value, secret, now)})
        old = dict(jar, **{self.cookie: gorilla_forge(self.cookie, value, secret,
                                                      now - 31 * 86400)})
        self.check(self.logged_in(fresh), "a value re-MACed with the known secret is refused")
        self.check(not self.logged_in(old), "a value dated 31 days back is still accepted")
        self.notes.append("gorilla: securecookie decodes the readable gob values; a cookie "
                          "forged 31 days old is refused, one forged now accepted")

    def https_front_checks(self):
        """The plain-http front answers every request with 301 to the same path on https, same
        host, the https port; the https side is nginx proxying to the app."""
        plain = http.client.HTTPConnection(self.t.host, self.t.port, timeout=10)
        for method, path in (("GET", "/"), ("POST", "/login"), ("GET", "/me?x=1")):
            try:
                plain.request(method, path, body="" if method == "POST" else None)
                r = plain.getresponse()
                r.read()
            finally:
                plain.close()
            want = f"https://{self.t.host}:{self.t.https_port}{path}"
            self.check(r.status == 301 and r.getheader("location") == want and
                       r.getheader("set-cookie") is None,
                       f"http {method} {path} answered {r.status} {r.getheader('location')!r}, "
                       f"not 301 {want}")
        r = self.req("GET", "/")
        self.check(r.header("server") == "nginx", f"https Server header {r.header('server')!r}")
        self.notes.append("http front: 301 to https for GET /, POST /login, GET /me?x=1")

    def iron_checks(self, value):
        """The iron seal opens with the app's password (given to it in the environment) and holds
        {user: alice, role}; nothing of it is readable without the password."""
        res = node_verify({"format": "iron", "value": value, "secrets": [IRON_PASSWORD]})
        if self.check(res["index"] == 0, "the iron seal does not unseal with the app's password"):
            self.check(isinstance(res.get("payload"), dict) and
                       res["payload"].get("user") == self.spec["user"] and
                       "role" in res["payload"],
                       f"the unsealed session is not {{user, role}}: {res.get('payload')!r}")
            self.notes.append(f"unsealed with @hapi/iron: keys {sorted(res['payload'])}")
        encrypted = value.split("*")[4]
        self.check(b"alice" not in _b64url_decode(encrypted) and "alice" not in value,
                   "the user name is readable in the iron seal")

    def laravel_session_id(self, value):
        """The session id Laravel sees in a laravel_session value, decrypted by its own
        EncryptCookies under the app's APP_KEY (given to it in the environment)."""
        res = laravel_verify({"name": self.cookie, "value": value, "secrets": [LARAVEL_APP_KEY]})
        return res["plaintext"] if res["index"] == 0 else None

    def laravel_session_file(self, sid):
        """The file driver's session file of sid in the target's per-process temp dir
        (php/laravel/server.php: sys_get_temp_dir()/knox-laravel-PID)."""
        tmp = (os.environ.get("TMPDIR") or "/tmp").rstrip("/") or "/"
        return os.path.join(tmp, f"knox-laravel-{self.t.proc.pid}", "framework", "sessions", sid)

    def laravel_checks(self, value):
        """The cookie decrypts (Laravel's EncryptCookies, the app's APP_KEY) to a 40-character
        session id (Str::random) whose file holds the login; nothing is readable without the key.
        Measured on the ids behind the encrypted values (every response re-encrypts the cookie
        with a new IV, so a changed value alone says nothing): a login carrying the anonymous
        session gets a new id and the anonymous file is deleted (SessionGuard's migrate(true),
        then regenerate()); the logout deletes the logged-in file (invalidate())."""
        sid = self.laravel_session_id(value)
        if not self.check(sid is not None and re.fullmatch(r"[A-Za-z0-9]{40}", sid),
                          f"the Laravel cookie does not decrypt to a session id: {sid!r}"):
            return
        path = self.laravel_session_file(sid)
        self.check(os.path.isfile(path) and "login_web_" in open(path, encoding="latin-1").read(),
                   f"the session file {path} does not hold the login")
        envelope = laravel_envelope(value)
        self.check(b"alice" not in base64.b64decode(envelope["value"]) and
                   "alice" not in json.dumps(envelope),
                   "the user name is readable in the Laravel cookie")
        # the login carrying an anonymous session (knox's way: the form page's other cookies taken)
        anon = apply({}, self.req("GET", "/"))
        anon_id = self.laravel_session_id(anon.get(self.cookie, ""))
        r, carried = self.login(anon, fetch_updates_jar=False)
        after = apply(dict(carried), r)
        new_id = self.laravel_session_id(after.get(self.cookie, ""))
        self.check(anon_id and new_id and anon_id != new_id and self.logged_in(after),
                   f"login did not move the anonymous session {anon_id!r} to a new id: {new_id!r}")
        self.check(anon_id and not os.path.exists(self.laravel_session_file(anon_id)),
                   "the anonymous session file survives the login")
        r = self.logout(after)
        self.check(r.status in self.routes["logout_status"], f"logout answered {r.status}")
        self.check(not os.path.exists(self.laravel_session_file(new_id)),
                   "the logged-in session file survives the logout")
        self.notes.append("decrypted by EncryptCookies: a 40-character session id; login: new id, "
                          "anonymous file deleted; logout: session file deleted")

    def rails_checks(self, value):
        """The encrypted cookie opens with the app's secret_key_base (given to it in the
        environment) in ActionDispatch's own jar into a session of alice; nothing of it is
        readable without the key."""
        res = ruby_verify({"format": "rails-encrypted", "value": value, "name": self.cookie,
                           "secrets": [RAILS_SECRET_KEY_BASE]})
        if self.check(res["index"] == 0, "the Rails cookie does not decrypt with the app's key"):
            self.check(isinstance(res["payload"], dict) and
                       res["payload"].get("user") == self.spec["user"],
                       f"the decrypted session is not alice's: {res['payload']!r}")
            self.notes.append(f"decrypted by ActionDispatch: keys {sorted(res['payload'])}")
        ciphertext = urllib.parse.unquote(value).split("--")[0]
        self.check(b"alice" not in base64.b64decode(ciphertext) and "alice" not in value,
                   "the user name is readable in the Rails cookie")

    def entropy(self, fmt):
        ids = []
        for _ in range(SAMPLES):
            r, _ = self.login()
            c = self.login_cookie(r)
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
        if self.spec.get("tls_required") and not self.t.tls:
            return []

        def skip(key, want):
            return (want is None and key not in NULL_IS_A_FACT) or \
                (key == "expiry_enforced" and not self.do_expiry)
        return targets.fact_mismatches(self.observed, expected or self.exp, skip)


# The common protocol of conformance/targets/README.md; a target with its own routes (the
# zero-config login targets, audited by knox without a profile) names them in the manifest.
DEFAULT_ROUTES = {"login": "/login", "protected": "/me", "logout": ["POST", "/logout"],
                  "user_field": "username", "password_field": "password", "json_login": True,
                  "html": False, "bad_login_status": [401], "logout_status": [200]}


def routes_of(spec):
    routes = dict(DEFAULT_ROUTES)
    routes.update({k: v for k, v in spec.get("routes", {}).items() if k != "csrf"})
    return routes


def csrf_of(spec):
    """The CSRF token of the login: the routes' `csrf` (fetch, input, field; the page's cookies
    kept as knox keeps them with a discovered form), else the [login.csrf] table of the target's
    knox profile (fetch, input, field), or None."""
    if "csrf" in spec.get("routes", {}):
        return dict(spec["routes"]["csrf"], page_cookies=True)
    text = targets.profile_toml(spec)
    if text is None:
        return None
    csrf = tomllib.loads(text).get("login", {}).get("csrf")
    if csrf is None:
        return None
    if not csrf.get("input") or not csrf.get("field"):
        raise SystemExit(f"ground_truth_test: {spec['name']}: only a CSRF token read from an "
                         "<input> and sent as a form/JSON field is supported here")
    return {"fetch": csrf.get("fetch") or "/login", "input": csrf["input"],
            "field": csrf["field"]}


def mutated(expected):
    """Every fact changed to a wrong value (for --mutate); facts whose null is itself measured
    get a non-null wrong value, the other nulls stay null."""
    other = {"same_site": {"Lax": "Strict", "Strict": "Lax", "None": "Lax", "missing": "Lax"},
             "prefix": {"none": "__Host-", "__Host-": "none", "__Secure-": "none"},
             "kind": {"signed-payload": "server-id", "server-id": "signed-payload",
                      "encrypted-payload": "signed-payload", "unsigned-payload": "signed-payload",
                      "jwt": "signed-payload", "bearer-jwt": "bearer-opaque",
                      "bearer-opaque": "bearer-jwt"}}
    wrong_for_null = {"lifetime_s": 3600, "format": "flask", "weak_secret": True,
                      "login_rotates_id": True, "fixation": True,
                      "readable_fields": ["mutated"], "carried_over_fields": ["mutated"],
                      "sensitive_fields": ["mutated"]}
    out = {}
    for key, value in expected.items():
        if value is None:
            out[key] = wrong_for_null.get(key)
        elif isinstance(value, bool):
            out[key] = not value
        elif isinstance(value, int):
            out[key] = value + 100
        elif isinstance(value, list):
            out[key] = sorted(value + ["mutated"])
        elif key in other:
            out[key] = other[key].get(value, "mutated")
        else:
            out[key] = "mutated-" + str(value)
    return out


def run_one(name, tls, cafile, secret_list, do_expiry, verbose, mutate=False):
    started = time.monotonic()
    try:
        with targets.Target(name, tls=tls, env=TARGET_ENV) as t:
            if t.spec.get("bearer"):
                run = BearerRun(t, Client(t, cafile), secret_list, do_expiry, sensitive_keys)
            else:
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
                          (k not in ("expiry_enforced", "jwt_expired_accepted") or do_expiry)}
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
    if not all(os.path.isdir(os.path.join(NODE_DIR, "node_modules", m))
               for m in ("express-session", "cookie-session", "@hapi/iron")):
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
            if not all_specs[name].get("https_front"):  # an https front needs its certificate
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
