#!/usr/bin/python3
"""End-to-end tests of the knox executable: exit codes, one-line errors, subcommand output."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

KNOX = sys.argv.pop(1) if len(sys.argv) > 1 else "build/knox"


def knox(*args, stdin=None):
    return subprocess.run([KNOX, *args], input=stdin, capture_output=True, text=True, timeout=60)


class TopLevel(unittest.TestCase):
    def test_version(self):
        r = knox("version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^knox \d+\.\d+\.\d+\n$")

    def test_no_command_is_usage_error(self):
        r = knox()
        self.assertEqual(r.returncode, 2)
        self.assertIn("usage: knox", r.stderr)

    def test_unknown_command(self):
        r = knox("frobnicate")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "knox: frobnicate: unknown command (see knox --help)\n")

    def test_unknown_flag_is_one_line(self):
        r = knox("version", "--bogus")
        self.assertEqual(r.returncode, 2)
        self.assertTrue(r.stderr.startswith("knox: knox version: "))
        self.assertEqual(r.stderr.count("\n"), 1)

    def test_help_lists_commands(self):
        r = knox("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("version", r.stdout)


class Cookie(unittest.TestCase):
    """knox cookie parse | jar: output and exit codes (0 stored, 1 ignored, 2 usage)."""

    def test_parse_prints_attributes_and_stores(self):
        r = knox("cookie", "parse", "sid=abc; Secure; HttpOnly; SameSite=Lax; Path=/; Max-Age=3600")
        self.assertEqual(r.returncode, 0, r.stderr)
        for line in ("name: sid", "value: abc", "max-age: 3600", "path: /", "secure: yes",
                     "httponly: yes", "samesite: Lax", "url: https://example.com/", "stored: yes",
                     "stored-domain: example.com (host-only)"):
            self.assertIn(line + "\n", r.stdout)

    def test_parse_name_containing_secure_is_not_secure(self):
        r = knox("cookie", "parse", "secure_x=1")
        self.assertEqual(r.returncode, 0)
        self.assertIn("secure: no\n", r.stdout)

    def test_parse_secure_from_http_is_ignored(self):
        r = knox("cookie", "parse", "--url", "http://example.com/", "sid=1; Secure")
        self.assertEqual(r.returncode, 1)
        self.assertIn("stored: no: Secure cookie from an insecure origin\n", r.stdout)

    def test_parse_reports_problems(self):
        r = knox("cookie", "parse", "sid=1; Secure; SameSite=None; Expires=soon; Max-Age=+5; Path=x")
        self.assertEqual(r.returncode, 0)
        for problem in ("invalid Expires ignored", "Max-Age not numeric ignored",
                        "Path does not start with /: default-path used"):
            self.assertIn("problem: " + problem + "\n", r.stdout)

    def test_parse_samesite_none_without_secure_rejected(self):
        r = knox("cookie", "parse", "sid=1; SameSite=None")
        self.assertEqual(r.returncode, 1)
        self.assertIn("problem: SameSite=None without Secure\n", r.stdout)
        self.assertIn("stored: no:", r.stdout)

    def test_parse_control_character_is_ignored(self):
        r = knox("cookie", "parse", "sid=a\x01b")
        self.assertEqual(r.returncode, 1)
        self.assertIn("parse error:", r.stdout)

    def test_parse_max_age_zero_is_not_stored(self):
        r = knox("cookie", "parse", "sid=; Max-Age=0")
        self.assertEqual(r.returncode, 1)
        self.assertIn("stored: no: already expired", r.stdout)

    def test_parse_json(self):
        r = knox("cookie", "parse", "--json", "--url", "https://www.example.com/a/b",
                 "__Host-sid=x; Secure; Path=/; Domain=example.com")
        self.assertEqual(r.returncode, 1)
        out = json.loads(r.stdout)
        self.assertEqual(out["name"], "__Host-sid")
        self.assertEqual(out["attributes"]["domain"], "example.com")
        self.assertTrue(out["attributes"]["secure"])
        self.assertFalse(out["stored"])
        self.assertEqual(out["reason"], "cookie prefix rule violated")
        self.assertIsNone(out["cookie"])

    def test_parse_json_stored_cookie(self):
        r = knox("cookie", "parse", "--json", "--url", "https://www.example.com/a/b", "n=v")
        self.assertEqual(r.returncode, 0)
        out = json.loads(r.stdout)
        self.assertEqual(out["cookie"]["path"], "/a")
        self.assertTrue(out["cookie"]["host_only"])
        self.assertEqual(out["cookie"]["domain"], "www.example.com")

    def test_parse_bad_url_is_usage_error(self):
        r = knox("cookie", "parse", "--url", "ftp://example.com/", "a=b")
        self.assertEqual(r.returncode, 2)
        self.assertTrue(r.stderr.startswith("knox: cookie: "))
        self.assertEqual(r.stderr.count("\n"), 1)

    def test_parse_missing_argument_is_usage_error(self):
        r = knox("cookie", "parse")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr.count("\n"), 1)

    def test_jar_sends_domain_cookie_to_sibling(self):
        r = knox("cookie", "jar", "--from", "https://www.example.com/a/b",
                 "--set-cookie", "a=1; Domain=example.com; Path=/", "--set-cookie", "b=2",
                 "--to", "https://api.example.com/")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "a=1\n")

    def test_jar_orders_and_defaults_to_from(self):
        r = knox("cookie", "jar", "--from", "https://example.com/x/y",
                 "--set-cookie", "a=1; Path=/", "--set-cookie", "b=2; Path=/x/y",
                 "--set-cookie", "c=3")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, "b=2; c=3; a=1\n")

    def test_jar_secure_not_sent_over_http(self):
        r = knox("cookie", "jar", "--from", "https://example.com/", "--set-cookie", "a=1; Secure",
                 "--to", "http://example.com/")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, "\n")

    def test_jar_deletion(self):
        r = knox("cookie", "jar", "--from", "https://example.com/", "--set-cookie", "a=1",
                 "--set-cookie", "a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, "\n")

    def test_jar_bad_url(self):
        r = knox("cookie", "jar", "--from", "not a url", "--set-cookie", "a=1")
        self.assertEqual(r.returncode, 2)
        self.assertTrue(r.stderr.startswith("knox: cookie: bad --from"))
        self.assertEqual(r.stderr.count("\n"), 1)

    def test_jar_requires_set_cookie(self):
        r = knox("cookie", "jar", "--from", "https://example.com/")
        self.assertEqual(r.returncode, 2)


class Entropy(unittest.TestCase):
    def test_random_ids_pass(self):
        ids = "\n".join(os.urandom(16).hex() for _ in range(64)) + "\n"
        r = knox("entropy", "--json", "-", stdin=ids)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        report = json.loads(r.stdout)
        self.assertEqual(report["samples"], 64)
        self.assertEqual(report["alphabet"], "hex")
        self.assertGreater(report["effective_bits"], 120)
        self.assertFalse(report["low_entropy"])

    def test_counter_is_low(self):
        ids = "".join(f"{1000 + i}\n" for i in range(40))
        r = knox("entropy", "-", stdin=ids)
        self.assertEqual(r.returncode, 1)
        self.assertIn("counter", r.stdout)
        self.assertIn("LOW", r.stdout)

    def test_errors(self):
        r = knox("entropy", "/nonexistent/ids.txt")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "knox: entropy: cannot read /nonexistent/ids.txt\n")
        r = knox("entropy", "-", stdin="only-one\n")
        self.assertEqual(r.returncode, 2)
        r = knox("entropy", "-", stdin="a\n" + "b" * 5000 + "\n")
        self.assertEqual(r.returncode, 2)
        self.assertIn("longer than", r.stderr)


class Crack(unittest.TestCase):
    PAYLOAD = '{"user_id":"123","role":"admin"}'

    def sign(self, fmt, secret):
        r = knox("token", "sign", "--format", fmt, "--secret", secret, self.PAYLOAD)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.split()

    def test_bundled_list_finds_flask_secret_without_printing_it(self):
        (token,) = self.sign("flask", "changeme")
        r = knox("crack", token)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("format flask", r.stdout)
        self.assertNotIn("changeme", r.stdout + r.stderr)
        self.assertIn("re-signing the payload reproduces the token byte for byte", r.stdout)

    def test_json_show_secret(self):
        (token,) = self.sign("django", "your-secret-key")
        r = knox("crack", token, "--format", "django", "--json", "--show-secret")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertTrue(out["found"])
        self.assertEqual(out["secret"], "your-secret-key")
        self.assertEqual(out["format"], "django")

    def test_wordlist_stdin_with_rules(self):
        (token,) = self.sign("express", "Sunshine2024")
        r = knox("crack", token, "--wordlist", "-", "--rules", "--json", stdin="moon\nsunshine\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(json.loads(r.stdout)["found"])

    def test_not_found(self):
        (token,) = self.sign("itsdangerous-timed", "0f3c9a7e-not-in-any-list")
        r = knox("crack", token, "--json")
        self.assertEqual(r.returncode, 1)
        out = json.loads(r.stdout)
        self.assertFalse(out["found"])
        self.assertGreater(out["candidates"], 50)

    def test_cookie_session_needs_signature(self):
        value, sig = self.sign("cookie-session", "keyboard cat")
        r = knox("crack", value, "--format", "cookie-session", "--signature", sig,
                 "--cookie-name", "session")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_engines_and_simd_paths_find_the_same_secret(self):
        (token,) = self.sign("flask", "changeme")
        engines = set()
        for env in ({"KNOX_CRACK_ENGINE": "generic"},
                    *({"KNOX_SIMD": path} for path in ("scalar", "shani", "avx2", "avx512"))):
            r = subprocess.run([KNOX, "crack", token, "--format", "flask", "--json", "--show-secret"],
                               capture_output=True, text=True, timeout=60, env={**os.environ, **env})
            if r.returncode == 2:  # a forced path this CPU lacks is refused, never degraded
                self.assertIn("KNOX_SIMD names a path this CPU cannot run", r.stderr)
                continue
            self.assertEqual(r.returncode, 0, r.stderr)
            out = json.loads(r.stdout)
            self.assertEqual(out["secret"], "changeme")
            self.assertTrue(out["resigned_identical"])
            engines.add(out["engine"])
        self.assertIn("generic", engines)
        self.assertIn("fast/scalar", engines)
        r = subprocess.run([KNOX, "crack", token], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "KNOX_SIMD": "mmx"})
        self.assertEqual(r.returncode, 2)

    def test_usage_errors(self):
        self.assertEqual(knox("crack", "not-a-token").returncode, 2)
        self.assertEqual(knox("crack", "x", "--format", "fernet").returncode, 2)
        r = knox("crack", "x.y.z", "--wordlist", "/nonexistent")
        self.assertEqual(r.returncode, 2)


class Token(unittest.TestCase):
    """knox token sign | verify | decode: every format round-trips through the CLI, the JSON contract,
    rotation, age rules, stdin, and exit codes (0 valid, 1 invalid, 2 usage)."""

    PAYLOAD = '{"user_id":"123","role":"admin"}'
    FERNET_KEY = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="
    LONG_SECRET = "a signing secret that is at least 32 characters long"

    def formats(self):
        r = knox("token", "--help")
        self.assertEqual(r.returncode, 0)
        listing = r.stdout[r.stdout.index("Formats ("):]
        # A format's line is indented two spaces; its aliases/defaults/options lines six.
        names = [line.split(" - ")[0].strip() for line in listing.splitlines()
                 if line.startswith("  ") and not line.startswith("   ") and " - " in line]
        self.assertEqual(len(names), 15)
        return names

    SEALED_KEY = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"

    def secret_for(self, fmt):
        return {"fernet": self.FERNET_KEY, "knox-sealed": self.SEALED_KEY}.get(fmt, self.LONG_SECRET)

    def wrong_secret_for(self, fmt):
        return {"fernet": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "knox-sealed": "k1:" + "A" * 43}.get(fmt, self.secret_for(fmt)[::-1])

    def test_every_format_round_trips(self):
        for fmt in self.formats():
            with self.subTest(fmt=fmt):
                secret = self.secret_for(fmt)
                r = knox("token", "sign", "--format", fmt, "--secret", secret, self.PAYLOAD)
                self.assertEqual(r.returncode, 0, r.stderr)
                # cookie-session prints the value and the .sig value as two words; other
                # tokens may contain spaces (itsdangerous-json signs Python's spaced JSON).
                words = r.stdout.split() if fmt == "cookie-session" else [r.stdout.rstrip("\n")]
                args = ["token", "verify", "--format", fmt, "--secret", secret, "--json", words[0]]
                if len(words) == 2:
                    args += ["--signature", words[1]]
                r = knox(*args)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                out = json.loads(r.stdout)
                self.assertTrue(out["ok"])
                self.assertEqual(out["format"], fmt)
                value = out["value"]
                if isinstance(value, str):
                    self.assertEqual(value, self.PAYLOAD)
                else:
                    self.assertEqual(value, json.loads(self.PAYLOAD))
                # The wrong key never verifies, and the secret is never echoed.
                args[args.index(secret)] = self.wrong_secret_for(fmt)
                r = knox(*args)
                self.assertEqual(r.returncode, 1, r.stdout)
                self.assertFalse(json.loads(r.stdout)["ok"])
                self.assertNotIn(secret, r.stdout + r.stderr)

    def test_itsdangerous_age_rule_and_now(self):
        r = knox("token", "sign", "--format", "itsdangerous-timed", "--secret", "s",
                 "--timestamp", "1700000000", self.PAYLOAD)
        token = r.stdout.strip()
        ok = knox("token", "verify", "--format", "itsdangerous-timed", "--secret", "s",
                  "--now", "1700000100", "--max-age", "100", "--json", token)
        self.assertEqual(ok.returncode, 0, ok.stdout + ok.stderr)
        self.assertEqual(json.loads(ok.stdout)["timestamp"], 1700000000)
        expired = knox("token", "verify", "--format", "itsdangerous-timed", "--secret", "s",
                       "--now", "1700000101", "--max-age", "100", "--json", token)
        self.assertEqual(expired.returncode, 1)
        self.assertEqual(json.loads(expired.stdout), {"ok": False, "error": "expired"})
        # Without --max-age no age check is made.
        r = knox("token", "verify", "--format", "itsdangerous-timed", "--secret", "s",
                 "--now", "1900000000", token)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, self.PAYLOAD + "\n")

    def test_rotation_reports_key_index(self):
        token = knox("token", "sign", "--format", "flask", "--secret", "old", self.PAYLOAD).stdout.strip()
        r = knox("token", "verify", "--format", "flask", "--secret", "new", "--secret", "old",
                 "--json", token)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["key_index"], 1)

    def test_stdin_and_secret_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("first\nsecond\n")
        try:
            token = knox("token", "sign", "--format", "django", "--secret", "second", "-",
                         stdin=self.PAYLOAD + "\n").stdout.strip()
            r = knox("token", "verify", "--format", "django", "--secret-file", f.name, "-",
                     stdin=token + "\n")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout), json.loads(self.PAYLOAD))
        finally:
            os.unlink(f.name)

    def test_decode_detects_format(self):
        token = knox("token", "sign", "--format", "flask", "--secret", "x", self.PAYLOAD).stdout.strip()
        r = knox("token", "decode", "--json", token)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertEqual(out["format"], "flask")
        self.assertEqual(out["payload"], json.loads(self.PAYLOAD))
        r = knox("token", "decode", "certainly not a token")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.count("\n"), 1)

    def test_usage_errors(self):
        cases = [
            ("token", "sign", "--secret", "s", "v"),                          # no --format
            ("token", "sign", "--format", "nope", "--secret", "s", "v"),      # unknown format
            ("token", "sign", "--format", "flask", "--secret", "a", "--secret", "b", "{}"),
            ("token", "sign", "--format", "flask", "--digest", "md5", "--secret", "s", "{}"),
            ("token", "verify", "--format", "flask", "tok"),                  # no secret
            ("token", "verify", "--format", "flask", "--secret-file", "/nonexistent", "tok"),
            ("token", "sign", "--format", "flask", "--secret", "s", "not json"),
        ]
        for args in cases:
            with self.subTest(args=args):
                r = knox(*args)
                self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                self.assertTrue(r.stderr.startswith("knox: "), r.stderr)
                self.assertEqual(r.stderr.count("\n"), 1, r.stderr)

    def test_options_that_do_not_apply_are_usage_errors(self):
        # (args, the option the message must name, the format it must name)
        cases = [
            (("token", "verify", "--format", "express", "--secret", "k", "--max-age", "5", "s%3Aa.b"),
             "--max-age", "express"),
            (("token", "sign", "--format", "jwt", "--secret", "k", "--salt", "x", "{}"), "--salt", "jwt"),
            (("token", "sign", "--format", "fernet", "--digest", "sha256",
              "--secret", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "v"), "--digest", "fernet"),
            (("token", "verify", "--format", "express", "--secret", "k", "--now", "5", "t"),
             "--now", "express"),
            (("token", "verify", "--format", "itsdangerous-signer", "--secret", "k", "--signature",
              "x", "a.b"), "--signature", "itsdangerous-signer"),
            (("token", "verify", "--format", "knox-sealed", "--secret", "k1:" + "A" * 43,
              "--max-age", "5", "t"), "--max-age", "knox-sealed"),
            (("token", "verify", "--format", "django-signer", "--secret", "k", "--max-age", "5",
              "a:b"), "--max-age", "django-signer"),
            (("token", "sign", "--format", "cookie-session", "--secret", "k", "--timestamp", "5",
              "{}"), "--timestamp", "cookie-session"),
            (("crack", "--format", "express", "--salt", "x", "s%3Aa.b"), "--salt", "express"),
            (("crack", "--format", "flask", "--cookie-name", "n", "a.b.c"), "--cookie-name", "flask"),
        ]
        for args, option, fmt in cases:
            with self.subTest(args=args):
                r = knox(*args)
                self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                self.assertEqual(r.stderr.count("\n"), 1, r.stderr)
                self.assertIn(option + " does not apply to format " + fmt, r.stderr)

    def test_wordlist_directory_is_a_usage_error_not_an_abort(self):
        with tempfile.TemporaryDirectory() as d:
            for args in (("crack", "--wordlist", d, "eyJ1IjoxfQ.ZfQxXg.abcdefghijklmnopqrstuvwxyz0"),
                         ("audit", "http://127.0.0.1:9/", "--wordlist", d)):
                with self.subTest(args=args[0]):
                    r = knox(*args)
                    self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                    self.assertTrue(r.stderr.startswith("knox: "), r.stderr)
                    self.assertEqual(r.stderr.count("\n"), 1, r.stderr)
                    self.assertIn("directory", r.stderr.lower())

    def test_options_that_apply_with_timestamped_are_accepted(self):
        token = knox("token", "sign", "--format", "django-signer", "--timestamped", "--secret", "k",
                     "--timestamp", "1700000000", "v").stdout.strip()
        r = knox("token", "verify", "--format", "django-signer", "--timestamped", "--secret", "k",
                 "--max-age", "100", "--now", "1700000050", token)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "v\n")

    def test_alias_names_the_canonical_format(self):
        token = knox("token", "sign", "--format", "express-session", "--secret", "k", "abc").stdout.strip()
        r = knox("token", "verify", "--format", "cookie-signature", "--secret", "k", "--json", token)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["format"], "express")

    def test_help_lists_each_formats_options(self):
        r = knox("token", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("  express - ", r.stdout)
        self.assertIn("aliases: express-session, cookie-signature", r.stdout)
        self.assertIn("  knox-sealed - ", r.stdout)


class Sealed(unittest.TestCase):
    """knox token with --format knox-sealed (core/seal via core/token/knox_sealed.cc): round trip, AAD binding
    of the cookie name, rotation, decode without a key."""

    OLD = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
    NEW = "k2:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8"

    def sign(self, secret, value, *extra):
        r = knox("token", "sign", "--format", "knox-sealed", "--secret", secret, *extra, value)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.strip()

    def test_sign_verify_round_trip(self):
        token = self.sign(self.OLD, "user=alice", "--cookie-name", "__Host-sid", "--timestamp",
                          "1700000000")
        r = knox("token", "verify", "--format", "knox-sealed", "--secret", self.OLD,
                 "--cookie-name", "__Host-sid", "--now", "1700000000", "--json", token)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), {"ok": True, "format": "knox-sealed",
                                                "value": "user=alice", "timestamp": 1700000000,
                                                "key_index": 0})

    def test_wrong_cookie_name_or_purpose_fails(self):
        token = self.sign(self.OLD, "v", "--cookie-name", "sid")
        for extra in (["--cookie-name", "other"], ["--cookie-name", "sid", "--salt", "csrf"]):
            r = knox("token", "verify", "--format", "knox-sealed", "--secret", self.OLD, *extra,
                     "--json", token)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertEqual(json.loads(r.stdout), {"ok": False, "error": "bad-signature"})

    def test_rotation_old_key_still_opens(self):
        token = self.sign(self.OLD, "v")
        r = knox("token", "verify", "--format", "knox-sealed", "--secret", self.OLD, "--secret",
                 self.NEW, "--json", token)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["key_index"], 0)
        r = knox("token", "verify", "--format", "knox-sealed", "--secret", self.NEW, token)
        self.assertEqual(r.returncode, 1)

    def test_bad_key_text_is_usage_error_without_echo(self):
        r = knox("token", "sign", "--format", "knox-sealed", "--secret", "k1:c2VjcmV0", "v")
        self.assertEqual(r.returncode, 2)
        self.assertNotIn("c2VjcmV0", r.stderr)

    def test_decode_shows_encrypted_and_key_id(self):
        token = self.sign(self.NEW, "secret payload")
        r = knox("token", "decode", "--json", token)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertEqual(out["format"], "knox-sealed")
        self.assertTrue(out["encrypted"])
        self.assertIn("key id 2", out["notes"])
        self.assertNotIn("secret payload", r.stdout)


class Checks(unittest.TestCase):
    """knox checks [--format text|json|md]: the check registry (DESIGN §5)."""

    DOCS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "checks.md")

    def test_text_is_a_table(self):
        r = knox("checks")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertTrue(lines[0].startswith("ID "))
        self.assertTrue(any(line.startswith("KNOX-ATTR-001 ") and "CWE-614" in line for line in lines))

    def test_json_has_unique_ids_and_all_metadata(self):
        r = knox("checks", "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        checks = json.loads(r.stdout)
        ids = [c["id"] for c in checks]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertGreaterEqual(len(ids), 20)
        for c in checks:
            self.assertRegex(c["id"], r"^KNOX-(ATTR|PREFIX|LIFE|SESS|TOKEN|ENTROPY|SECRET|ROBUST)-\d{3}$")
            self.assertIn(c["severity"], ("info", "low", "medium", "high"))
            self.assertGreater(c["cwe"], 0)
            for key in ("title", "asvs4", "asvs5", "wstg", "rationale", "remediation"):
                self.assertTrue(c[key], f"{c['id']}: empty {key}")
        by_id = {c["id"]: c for c in checks}
        self.assertEqual(by_id["KNOX-ATTR-001"]["cwe"], 614)
        self.assertEqual(by_id["KNOX-ATTR-001"]["asvs4"], "3.4.1")

    def test_md_equals_docs_file(self):
        r = knox("checks", "--format", "md")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.DOCS, encoding="utf-8") as f:
            self.assertEqual(r.stdout, f.read(), "regenerate: knox checks --format md > docs/checks.md")

    def test_bad_format_is_usage_error(self):
        r = knox("checks", "--format", "xml")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, "")
        self.assertTrue(r.stderr.startswith("knox: knox checks: "))
        self.assertEqual(r.stderr.count("\n"), 1)


if __name__ == "__main__":
    unittest.main()
