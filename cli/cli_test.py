#!/usr/bin/python3
"""End-to-end tests of the knox executable: exit codes, one-line errors, subcommand output."""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
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
        self.assertEqual(r.stderr, "knox: entropy: cannot read /nonexistent/ids.txt: no such file\n")
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

    def test_potfile_remembers_and_never_trusts(self):
        (token,) = self.sign("django", "a:b secret")  # a django token holds ':', so does the secret
        with tempfile.TemporaryDirectory() as d:
            pot = os.path.join(d, "knox.pot")
            r = knox("crack", token, "--wordlist", "-", "--potfile", pot, "--json",
                     stdin="x\na:b secret\n")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertFalse(json.loads(r.stdout)["from_potfile"])
            self.assertEqual(os.stat(pot).st_mode & 0o777, 0o600)
            with open(pot) as f:
                self.assertEqual(f.read(), token + ":$HEX[" + b"a:b secret".hex() + "]\n")
            r = knox("crack", token, "--wordlist", "-", "--potfile", pot, "--json", stdin="")
            self.assertEqual(r.returncode, 0, r.stderr)
            out = json.loads(r.stdout)
            self.assertTrue(out["from_potfile"])
            self.assertEqual(out["candidates"], 1)
            # A wrong remembered secret is verified, found wanting, and the search runs again.
            with open(pot, "a") as f:
                f.write(token + ":wrong\n")
            r = knox("crack", token, "--wordlist", "-", "--potfile", pot, "--json", stdin="")
            self.assertEqual(r.returncode, 1, r.stdout)
            r = knox("crack", token, "--potfile", d)
            self.assertEqual(r.returncode, 2)
            r = knox("crack", "--keyspace", "--potfile", pot)
            self.assertEqual(r.returncode, 2)

    def test_keygrip_digests_found_without_digest_flag(self):
        for digest in ("sha256", "sha512"):
            r = knox("token", "sign", "--format", "cookie-session", "--secret", "keyboard cat",
                     "--digest", digest, self.PAYLOAD)
            self.assertEqual(r.returncode, 0, r.stderr)
            value, sig = r.stdout.split()
            r = knox("crack", value, "--format", "cookie-session", "--signature", sig, "--json")
            self.assertEqual(r.returncode, 0, digest + ": " + r.stdout + r.stderr)
            out = json.loads(r.stdout)
            self.assertTrue(out["found"])
            # Both digests go through the fast engine (SHA-512 on the 64-bit lane kernels).
            self.assertTrue(out["engine"].startswith("fast/"), out["engine"])

    def test_jwt_hs384_hs512_take_the_fast_engine_on_every_path(self):
        for digest in ("sha384", "sha512"):
            r = knox("token", "sign", "--format", "jwt", "--secret", "keyboard cat", "--digest",
                     digest, self.PAYLOAD)
            self.assertEqual(r.returncode, 0, r.stderr)
            token = r.stdout.split()[0]
            for path in ("scalar", "shani", "avx2", "avx512"):
                r = subprocess.run([KNOX, "crack", token, "--format", "jwt", "--json",
                                    "--show-secret"], capture_output=True, text=True, timeout=60,
                                   env={**os.environ, "KNOX_SIMD": path})
                if r.returncode == 2:  # a path this CPU lacks
                    self.assertIn("KNOX_SIMD names a path this CPU cannot run", r.stderr)
                    continue
                self.assertEqual(r.returncode, 0, digest + " " + path + ": " + r.stderr)
                out = json.loads(r.stdout)
                self.assertEqual(out["secret"], "keyboard cat")
                self.assertEqual(out["engine"], "fast/" + path)

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


class CrackInputs(unittest.TestCase):
    """knox crack's candidate inputs: wordlists (repeatable, directories, .gz, CRLF, bad input),
    --mask, --rules-file, --skip/--limit/--keyspace, --stdout and --hashcat."""

    def sign(self, fmt, secret, payload='{"user_id":"123"}'):
        r = knox("token", "sign", "--format", fmt, "--secret", secret, "--cookie-name", "session",
                 payload) if fmt == "cookie-session" else knox("token", "sign", "--format", fmt,
                                                              "--secret", secret, payload)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.split()

    def crack(self, *args, stdin=None):
        r = knox("crack", *args, "--json", "--show-secret", stdin=stdin)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return r.returncode, json.loads(r.stdout)

    def test_directory_gz_crlf_and_repeated_wordlists(self):
        import gzip
        (token,) = self.sign("flask", "hunter2")
        with tempfile.TemporaryDirectory() as d:
            os.mkdir(os.path.join(d, "lists"))
            os.mkdir(os.path.join(d, "lists", "subdir"))
            with open(os.path.join(d, "lists", "a.txt"), "wb") as f:
                f.write(b"alpha\r\n\r\nbeta\r\n")
            with gzip.open(os.path.join(d, "lists", "b.txt.gz"), "wb") as f:
                f.write(b"gamma\nhunter2\r\n")
            with open(os.path.join(d, "other.txt"), "wb") as f:
                f.write(b"x" * 10000 + b"\ndelta")
            rc, out = self.crack(token, "--wordlist", os.path.join(d, "other.txt"), "--wordlist",
                                 os.path.join(d, "lists"))
            self.assertEqual(rc, 0)
            self.assertEqual(out["secret"], "hunter2")
            self.assertEqual(out["skipped_lines"], 1)
            r = knox("crack", "--stdout", "--wordlist", os.path.join(d, "lists"))
            self.assertEqual(r.stdout, "alpha\n\nbeta\ngamma\nhunter2\n")
            self.assertEqual(knox("crack", "--keyspace", "--wordlist", os.path.join(d, "lists"),
                                  "--wordlist", os.path.join(d, "other.txt")).stdout, "6\n")

    def test_bad_wordlists_are_errors_or_counted_skips_never_aborts(self):
        (token,) = self.sign("express", "not-in-the-list")
        with tempfile.TemporaryDirectory() as d:
            binary = os.path.join(d, "binary")
            with open(binary, "wb") as f:
                f.write(bytes(range(256)) * 4000 + b"\x00" * 100000)
            rc, out = self.crack(token, "--wordlist", binary)
            self.assertEqual(rc, 1)
            self.assertGreater(out["skipped_lines"], 0)
            rc, out = self.crack(token, "--wordlist", "-", stdin="y" * 3000000)  # endless line
            self.assertEqual(rc, 1)
            self.assertEqual((out["candidates"], out["skipped_lines"]), (0, 1))
            bad_gz = os.path.join(d, "bad.gz")
            with open(bad_gz, "wb") as f:
                f.write(b"\x1f\x8b\x08\x00" + b"\xff" * 5000)
            for args, what in (((bad_gz,), "bad.gz"), ((os.path.join(d, "missing"),), "missing"),
                               ((d, os.path.join(d, "missing")), "missing")):
                with self.subTest(what=what):
                    r = knox("crack", token, *sum((("--wordlist", a) for a in args), ()))
                    self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                    self.assertIn(what, r.stderr)
                    self.assertEqual(r.stderr.count("\n"), 1, r.stderr)

    def test_mask_finds_the_secret_and_shards_cover_the_keyspace(self):
        (token,) = self.sign("express", "ab7")
        rc, out = self.crack(token, "--mask", "?l?l?d")
        self.assertEqual((rc, out["secret"]), (0, "ab7"))
        rc, out = self.crack(token, "--mask", "?1?1?d", "-1", "ba", "--threads", "2")
        self.assertEqual((rc, out["secret"]), (0, "ab7"))
        self.assertEqual(knox("crack", "--keyspace", "--mask", "?l?l?d").stdout, "260\n")
        whole = knox("crack", "--stdout", "--mask", "?l?d?d").stdout.split("\n")[:-1]
        self.assertEqual(len(whole), 2600)
        shards = []
        for skip in range(0, 100, 30):
            shards += knox("crack", "--stdout", "--mask", "?l?d?d", "--skip", str(skip),
                           "--limit", "30").stdout.split("\n")[:-1]
        self.assertEqual(shards, whole)

    def test_rules_file_and_errors(self):
        (token,) = self.sign("flask", "Summer2024!")
        with tempfile.TemporaryDirectory() as d:
            rules = os.path.join(d, "r.rule")
            with open(rules, "w") as f:
                f.write("# years\nc $2 $0 $2 $4\n")
            bang = os.path.join(d, "bang.rule")
            with open(bang, "w") as f:
                f.write(":\n$!\n")
            rc, out = self.crack(token, "--wordlist", "-", "--rules-file", rules, "--rules-file",
                                 bang, stdin="winter\nsummer\n")
            self.assertEqual((rc, out["secret"]), (0, "Summer2024!"))
            bad = os.path.join(d, "bad.rule")
            with open(bad, "w") as f:
                f.write(":\nu\n<5\n")
            r = knox("crack", token, "--wordlist", "-", "--rules-file", bad, stdin="a\n")
            self.assertEqual(r.returncode, 2)
            self.assertIn("bad.rule:3: function '<' is not supported", r.stderr)

    def test_usage_errors_of_the_new_flags(self):
        for args, message in (
                (("--mask", "?x"), "unknown charset ?x"),
                (("--mask", "?1"), "custom charset 1 is not defined"),
                (("--mask", "?d", "--rules"), "does not combine"),
                (("-1", "ab",), "needs --mask"),
                (("--rules-file", "/nonexistent.rule", "--wordlist", "-"), "nonexistent.rule"),
                ((), "TOKEN is required")):
            with self.subTest(args=args):
                r = knox("crack", "--stdout", *args) if args else knox("crack")
                self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                self.assertIn(message, r.stderr)
                self.assertEqual(r.stderr.count("\n"), 1, r.stderr)

    def test_hashcat_lines(self):
        (flask,) = self.sign("flask", "k")
        (express,) = self.sign("express", "k", "sid-123")
        value, sig = self.sign("cookie-session", "k")
        jwt = knox("token", "sign", "--format", "jwt", "--secret", "k", '{"sub":"1"}').stdout.strip()
        import base64
        import hashlib
        import hmac
        import urllib.parse
        sid = urllib.parse.unquote(express)[2:].rsplit(".", 1)[0]
        cases = [
            ((flask, "--format", "flask"), 29100, flask),
            ((jwt, "--format", "jwt"), 16500, jwt),
            ((express, "--format", "express"), 1450,
             hmac.new(b"k", sid.encode(), hashlib.sha256).hexdigest() + ":" + sid),
            ((value, "--format", "cookie-session", "--signature", sig, "--cookie-name", "session"),
             150, hmac.new(b"k", ("session=" + value).encode(), hashlib.sha1).hexdigest()
             + ":session=" + value),
        ]
        for args, mode, line in cases:
            with self.subTest(mode=mode):
                r = knox("crack", *args, "--hashcat")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stdout, line + "\n")
                self.assertIn(f"hashcat -m {mode}", r.stderr)
                r = knox("crack", *args, "--hashcat", "--json")
                self.assertEqual(json.loads(r.stdout)["mode"], mode)
                self.assertEqual(json.loads(r.stdout)["hash"], line)
        # gorilla with SHA-512: -m 1750, HMAC-SHA512 over "NAME|date|value"; SHA-384: no mode.
        for digest, mode, algo in (("sha512", 1750, hashlib.sha512), ("sha384", None, None)):
            g = knox("token", "sign", "--format", "gorilla", "--secret", "k", "--cookie-name",
                     "session", "--digest", digest, '{"a":1}').stdout.strip()
            r = knox("crack", g, "--format", "gorilla", "--cookie-name", "session", "--digest",
                     digest, "--hashcat", "--json")
            if mode is None:
                self.assertEqual(r.returncode, 1)
                self.assertIn("HMAC-SHA384", r.stderr)
                continue
            self.assertEqual(r.returncode, 0, r.stderr)
            line = json.loads(r.stdout)
            self.assertEqual(line["mode"], mode)
            mac, message = line["hash"].split(":", 1)
            self.assertTrue(message.startswith("session|"))
            self.assertEqual(mac, hmac.new(b"k", message.encode(), algo).hexdigest())
        django = knox("token", "sign", "--format", "django", "--secret", "k", "{}").stdout.strip()
        r = knox("crack", django, "--format", "django", "--hashcat")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no hashcat mode", r.stderr)


class CrackRestore(unittest.TestCase):
    """knox crack --restore FILE: an interrupted search resumes where it stopped, and only the
    search the file belongs to."""

    def sign(self, secret):
        r = knox("token", "sign", "--format", "flask", "--secret", secret, '{"user_id":"123"}')
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.strip()

    def interrupt(self, args, restore):
        """Runs knox crack ARGS (generic engine, one thread), interrupts it once the search has
        run a while, and returns the restore point it saved."""
        env = {**os.environ, "KNOX_CRACK_ENGINE": "generic"}
        p = subprocess.Popen([KNOX, "crack", *args, "--threads", "1", "--format", "flask",
                              "--restore", restore], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(200):  # written before the search starts
            if os.path.exists(restore) or p.poll() is not None:
                break
            time.sleep(0.05)
        time.sleep(0.5)  # a fraction of each search below (which take seconds)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 130, out + err)
        self.assertIn("restore point saved in " + restore, err)
        with open(restore) as f:
            point = json.load(f)
        self.assertEqual(point["knox_crack_restore"], 1)
        self.assertEqual(len(point["search"]), 64)
        return point

    def resume(self, args, restore):
        env = {**os.environ, "KNOX_CRACK_ENGINE": "generic"}
        return subprocess.run([KNOX, "crack", *args, "--threads", "1", "--format", "flask",
                               "--restore", restore, "--json"], capture_output=True, text=True,
                              env=env, timeout=120)

    def test_wordlist_search_resumes_at_its_restore_point(self):
        words = 3_000_000
        token = self.sign("not in the list")
        with tempfile.TemporaryDirectory() as d:
            wordlist = os.path.join(d, "words.txt")
            with open(wordlist, "w") as f:
                f.write("".join("w%07d\n" % i for i in range(words)))
            restore = os.path.join(d, "crack.restore")
            # Words [5, 2,500,005): what remains after a resume is counted from these.
            args = [token, "--wordlist", wordlist, "--skip", "5", "--limit", "2500000"]
            point = self.interrupt(args, restore)
            self.assertEqual(point["unit"], "words")
            self.assertGreaterEqual(point["skip"], 5)
            self.assertLess(point["skip"], 2_500_005)
            with open(restore) as f:
                self.assertNotIn(token, f.read())
            # Another token, the same file: refused, the point kept.
            r = knox("crack", self.sign("other"), *args[1:], "--restore", restore)
            self.assertEqual(r.returncode, 2)
            self.assertIn("another search", r.stderr)
            self.assertTrue(os.path.exists(restore))
            # The same command resumes exactly there, up to the original limit's end.
            r = self.resume(args, restore)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn("resuming at word %d" % point["skip"], r.stderr)
            self.assertEqual(json.loads(r.stdout)["candidates"], 2_500_005 - point["skip"])
            self.assertFalse(os.path.exists(restore), "a finished search drops its point")

    def test_mask_search_resumes_in_base_words(self):
        token = self.sign("9999999")  # the mask's last candidate
        mask = ["--mask", "?d?d?d?d?d?d?d"]
        total = 10_000_000
        base_words = int(knox("crack", *mask, "--keyspace").stdout)
        amplifier = total // base_words
        start = base_words - base_words // 5  # the last 2 M candidates: seconds of work
        with tempfile.TemporaryDirectory() as d:
            restore = os.path.join(d, "crack.restore")
            args = [token, *mask, "--skip", str(start)]
            point = self.interrupt(args, restore)
            self.assertEqual(point["unit"], "mask base words")
            self.assertGreaterEqual(point["skip"], start)
            r = self.resume(args, restore)
            self.assertEqual(r.returncode, 0, r.stderr)
            tried = json.loads(r.stdout)["candidates"]
            remaining = total - point["skip"] * amplifier
            self.assertLessEqual(tried, remaining)
            self.assertGreaterEqual(tried, remaining - 256)
            self.assertFalse(os.path.exists(restore))

    def test_what_cannot_be_resumed_is_refused(self):
        token = self.sign("k")
        with tempfile.TemporaryDirectory() as d:
            restore = os.path.join(d, "r")
            for args, why in (
                    ([token, "--wordlist", "-"], "standard input"),
                    ([token], "needs --wordlist or --mask"),
                    (["--mask", "?d", "--keyspace"], "does not apply"),
                    ([token, "--mask", "?d", "--hashcat"], "does not apply")):
                with self.subTest(args=args):
                    r = knox("crack", *args, "--restore", restore, stdin="")
                    self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                    self.assertIn(why, r.stderr)
            with open(restore, "w") as f:
                f.write("not json")
            r = knox("crack", token, "--mask", "?d", "--restore", restore)
            self.assertEqual(r.returncode, 2)
            self.assertIn("not a knox crack restore file", r.stderr)


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
        self.assertEqual(len(names), 20)
        return names

    SEALED_KEY = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
    LARAVEL_KEY = "base64:S25veCBsYXJhdmVsIHRlc3Qga2V5IDAxMjM0NTY3ODk="

    def secret_for(self, fmt):
        return {"fernet": self.FERNET_KEY, "knox-sealed": self.SEALED_KEY,
                "laravel": self.LARAVEL_KEY}.get(fmt, self.LONG_SECRET)

    # Options a format cannot do without (gorilla MACs the cookie name).
    REQUIRED = {"gorilla": ["--cookie-name", "session"]}

    def wrong_secret_for(self, fmt):
        return {"fernet": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "knox-sealed": "k1:" + "A" * 43,
                "laravel": "base64:" + "A" * 43 + "="}.get(fmt, self.secret_for(fmt)[::-1])

    def test_every_format_round_trips(self):
        for fmt in self.formats():
            with self.subTest(fmt=fmt):
                secret = self.secret_for(fmt)
                required = self.REQUIRED.get(fmt, [])
                r = knox("token", "sign", "--format", fmt, "--secret", secret, *required, self.PAYLOAD)
                self.assertEqual(r.returncode, 0, r.stderr)
                # cookie-session prints the value and the .sig value as two words; other
                # tokens may contain spaces (itsdangerous-json signs Python's spaced JSON).
                words = r.stdout.split() if fmt == "cookie-session" else [r.stdout.rstrip("\n")]
                args = ["token", "verify", "--format", fmt, "--secret", secret, *required, "--json",
                        words[0]]
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

    def test_gorilla_block_keys_serializers_and_cookie_name(self):
        base = ["--format", "gorilla", "--secret", "hash key", "--cookie-name", "session"]
        aes = ["--block-key", "0123456789abcdef0123456789abcdef"]
        for extra in ([], aes, ["--serializer", "json"], aes + ["--serializer", "json"]):
            with self.subTest(extra=extra):
                r = knox("token", "sign", *base, *extra, "--timestamp", "1700000000", self.PAYLOAD)
                self.assertEqual(r.returncode, 0, r.stderr)
                token = r.stdout.strip()
                verify = [e for e in extra if e not in ("--serializer", "json")]
                r = knox("token", "verify", *base, *verify, "--now", "1700000010", "--json", token)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                out = json.loads(r.stdout)
                self.assertEqual(out["value"], json.loads(self.PAYLOAD))
                self.assertEqual(out["timestamp"], 1700000000)
                # securecookie's default MaxAge is 30 days; --max-age 0 turns it off.
                r = knox("token", "verify", *base, *verify, "--now", str(1700000000 + 86400 * 31), token)
                self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                r = knox("token", "verify", *base, *verify, "--max-age", "0", token)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                d = json.loads(knox("token", "decode", "--json", token).stdout)
                self.assertEqual(d["format"], "gorilla")
                self.assertEqual(d["encrypted"], bool(aes[0] in extra))
        for args in (("token", "sign", "--format", "gorilla", "--secret", "k", "{}"),
                     ("token", "sign", *base, "--block-key", "short", "{}"),
                     ("token", "sign", *base, "--serializer", "xml", "{}"),
                     ("token", "sign", *base, '{"nested":{"a":1}}'),
                     ("crack", "--format", "gorilla", "MTcwMDAwMDAwMHxhYWFhfHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4")):
            with self.subTest(args=args):
                r = knox(*args)
                self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                self.assertEqual(r.stderr.count("\n"), 1, r.stderr)
        r = knox("crack", "--format", "gorilla",
                 "MTcwMDAwMDAwMHxhYWFhfHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4")
        self.assertIn("--cookie-name is required", r.stderr)

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
            self.assertRegex(c["id"], r"^KNOX-(ATTR|PREFIX|LIFE|SESS|TOKEN|JWT|ENTROPY|SECRET|ROBUST)-\d{3}$")
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


def complete(*words, script=None):
    """The words bash completion offers for `words` (the last one is being completed)."""
    script = script or knox("completion", "bash").stdout
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    driver = (f"{script}\nCOMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
              "_knox; printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    r = subprocess.run(["bash", "--norc", "--noprofile", "-c", driver], capture_output=True,
                       text=True, timeout=30)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    return sorted(w for w in r.stdout.split("\n") if w)


class Completion(unittest.TestCase):
    """knox completion bash|zsh|fish: generated from the parsers, driven like bash drives it."""

    @classmethod
    def setUpClass(cls):
        cls.bash = knox("completion", "bash").stdout

    def test_bash_script_parses(self):
        self.assertTrue(self.bash.startswith("# bash completion for knox"))
        r = subprocess.run(["bash", "-n"], input=self.bash, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("complete -F _knox knox", self.bash)

    def test_completes_subcommands_options_and_formats(self):
        cases = [
            (("knox", "to"), ["token"]),
            (("knox", "token", "sign", "--fo"), ["--format"]),
            (("knox", "token", "sign", "--format", "fl"), ["flask"]),
            (("knox", "token", "verify", "--format", "=", "fl"), ["flask"]),  # --format=fl
            (("knox", "token", "sign", "--secret", "fl", "--format", "fl"), ["flask"]),
            (("knox", "crack", "TOKEN", "--format", "django"), ["django", "django-signer"]),
            (("knox", "token", "sign", "--format", "fast"), ["fastapi"]),  # an alias
            (("knox", "cookie", ""), ["jar", "parse"]),
            (("knox", "audit", "--fail-on", "m"), ["medium"]),
            (("knox", "audit", "--format", "s"), ["sarif"]),
            (("knox", "demo", "--format", "j"), ["json", "junit"]),
            (("knox", "checks", "--format", ""), ["json", "md", "text"]),
            (("knox", "serve", "--mode", ""), ["id", "sealed"]),
            (("knox", "token", "verify", "--digest", "sha5"), ["sha512"]),
            (("knox", "token", "sign", "--key-derivation", "c"), ["concat"]),
            (("knox", "token", "sign", "--serializer", ""), ["gob", "json"]),
            (("knox", "completion", "--h"), ["--help"]),
        ]
        for words, expected in cases:
            with self.subTest(words=words):
                self.assertEqual(complete(*words, script=self.bash), expected)

    def test_every_subcommand_and_option_of_help_is_offered(self):
        listed = re.findall(r"^  ([a-z]+) ", knox("--help").stdout, re.M)
        self.assertIn("completion", listed)
        self.assertEqual(complete("knox", "", script=self.bash), sorted(listed))
        paths = [(c,) for c in listed] + [("token", s) for s in ("sign", "verify", "decode")]
        paths += [("cookie", "parse"), ("cookie", "jar")]
        for path in paths:
            with self.subTest(path=path):
                help_text = knox(*path, "--help").stdout
                options = set(re.findall(r"^  (?:-\w,)?(--[a-z][a-z0-9-]*)", help_text, re.M))
                offered = complete("knox", *path, "--", script=self.bash)
                self.assertEqual(set(offered), options)

    def test_token_formats_come_from_the_registry(self):
        help_text = knox("token", "--help").stdout
        names = re.findall(r"^  ([a-z0-9-]+) - ", help_text, re.M)
        aliases = [a for line in re.findall(r"aliases: (.*)", help_text) for a in line.split(", ")]
        self.assertGreaterEqual(len(names), 15)
        self.assertEqual(complete("knox", "token", "sign", "--format", "", script=self.bash),
                         sorted(names + aliases))

    def test_file_options_complete_file_names(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "ids-file.txt")
            open(path, "w").close()
            self.assertEqual(complete("knox", "entropy", path[:-5], script=self.bash), [path])
            self.assertEqual(complete("knox", "audit", "--profile", path[:-5], script=self.bash),
                             [path])

    def test_zsh_and_fish(self):
        zsh = knox("completion", "zsh")
        self.assertEqual(zsh.returncode, 0)
        self.assertIn("bashcompinit", zsh.stdout)
        self.assertTrue(zsh.stdout.endswith(self.bash))
        fish = knox("completion", "fish")
        self.assertEqual(fish.returncode, 0)
        for line in fish.stdout.splitlines():
            self.assertTrue(line.startswith(("#", "complete -c knox ")), line)
        self.assertIn("__fish_seen_subcommand_from token; and __fish_seen_subcommand_from sign",
                      fish.stdout)
        self.assertRegex(fish.stdout, r"-l format -x -a '[^']*\bflask\b")

    def test_usage_errors(self):
        for args in (("completion",), ("completion", "tcsh"), ("completion", "bash", "extra")):
            r = knox(*args)
            self.assertEqual(r.returncode, 2, args)
            self.assertEqual(r.stdout, "")
            self.assertEqual(r.stderr.count("\n"), 1, r.stderr)


class BadInput(unittest.TestCase):
    """Every file, stdin and argument path of every subcommand (knox crack's wordlist aside) with
    input it cannot use: a directory given as a file, a missing or unopenable path (a socket: root
    can open any file), /dev/null, /dev/zero, binary bytes, a huge line, a missing value. Each is a
    one-line `knox: ...` message and a documented exit code, never an abort or a hang."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        cls.dir = d
        cls.missing = os.path.join(d, "missing.txt")
        cls.socket_path = os.path.join(d, "sock")
        cls.sock = socket.socket(socket.AF_UNIX)
        cls.sock.bind(cls.socket_path)
        cls.binary = os.path.join(d, "binary.bin")
        with open(cls.binary, "wb") as f:
            f.write(bytes(range(256)) * 8 + b"\n\x00\xff\xfe\n")
        cls.huge_line = os.path.join(d, "huge.txt")
        with open(cls.huge_line, "w") as f:
            f.write("a" * 5000 + "\n")
        cls.text = os.path.join(d, "text.txt")
        with open(cls.text, "w") as f:
            f.write("just words\n")
        cls.steps_profile = os.path.join(d, "steps.toml")
        with open(cls.steps_profile, "w", encoding="utf-8") as f:
            f.write('[[login.steps]]\npath = "/a"\nfields = { p = "{password}" }\n')
        with socket.socket() as s:  # nothing listens here: the audit must stop before it
            s.bind(("127.0.0.1", 0))
            cls.url = f"http://127.0.0.1:{s.getsockname()[1]}/"
        cls.token = knox("token", "sign", "--format", "flask", "--secret", "s3cret",
                         '{"a":1}').stdout.strip()

    @classmethod
    def tearDownClass(cls):
        cls.sock.close()
        cls.tmp.cleanup()

    def run_case(self, args, stdin, code, message):
        if stdin is not None and not isinstance(stdin, bytes):
            with open(stdin, "rb") as f:
                r = subprocess.run([KNOX, *args], stdin=f, capture_output=True, timeout=60)
        else:
            r = subprocess.run([KNOX, *args], input=stdin, capture_output=True, timeout=60)
        err = r.stderr.decode("utf-8", "replace")
        self.assertEqual(r.returncode, code, f"{args}: {err}")
        self.assertNotIn("terminate", err)
        if code == 2:
            self.assertTrue(err.startswith("knox: "), err)
            self.assertEqual(err.count("\n"), 1, err)
        self.assertIn(message, err + r.stdout.decode("utf-8", "replace"))

    def test_token(self):
        t = self.token
        sign = ("token", "sign", "--format", "flask")
        verify = ("token", "verify", "--format", "flask")
        cases = [
            ("secret-file dir", sign + ("--secret-file", self.dir, "{}"), None, 2, "is a directory"),
            ("secret-file missing", sign + ("--secret-file", self.missing, "{}"), None, 2,
             "no such file"),
            ("secret-file socket", verify + ("--secret-file", self.socket_path, t), None, 2,
             "cannot open"),
            ("secret-file /dev/null", verify + ("--secret-file", "/dev/null", t), None, 2,
             "give at least one --secret"),
            ("secret-file /dev/zero", verify + ("--secret-file", "/dev/zero", t), None, 2,
             "longer than"),
            ("secret-file huge line", verify + ("--secret-file", self.huge_line, t), None, 2,
             "longer than 4096"),
            ("secret-file binary", verify + ("--secret-file", self.binary, t), None, 1,
             "bad-signature"),
            ("VALUE stdin empty", sign + ("--secret", "s", "-"), b"", 2, "token sign"),
            ("VALUE stdin binary", sign + ("--secret", "s", "-"), bytes(range(256)), 2,
             "token sign"),
            ("TOKEN stdin /dev/zero", ("token", "decode", "-"), "/dev/zero", 2, "longer than"),
            ("TOKEN stdin 2 MiB", ("token", "decode", "-"), b"a" * (2 << 20), 2, "longer than"),
            ("TOKEN stdin binary", ("token", "decode", "-"), bytes(range(256)), 1, "token decode"),
            ("TOKEN 100 KB", verify + ("--secret", "s", "a" * 100_000), None, 1, "malformed"),
            ("--format no value", ("token", "sign", "--format"), None, 2, "knox token"),
            ("--secret-file no value", verify + (t, "--secret-file"), None, 2, "knox token"),
        ]
        for label, args, stdin, code, message in cases:
            with self.subTest(label):
                self.run_case(args, stdin, code, message)

    def test_entropy(self):
        cases = [
            ("dir", (self.dir,), None, 2, "is a directory"),
            ("missing", (self.missing,), None, 2, "no such file"),
            ("socket", (self.socket_path,), None, 2, "cannot open"),
            ("/dev/null", ("/dev/null",), None, 2, "need at least 2 tokens"),
            ("/dev/zero", ("/dev/zero",), None, 2, "longer than"),
            ("huge line", (self.huge_line,), None, 2, "longer than"),
            ("stdin huge line", ("-",), b"b" * 10_000, 2, "longer than"),
            ("no FILE", (), None, 2, "knox entropy"),
        ]
        for label, args, stdin, code, message in cases:
            with self.subTest(label):
                self.run_case(("entropy",) + args, stdin, code, message)
        r = subprocess.run([KNOX, "entropy", self.binary], capture_output=True, timeout=60)
        self.assertIn(r.returncode, (0, 1), r.stderr)  # binary tokens are tokens: a verdict

    def test_audit(self):
        a = ("audit", self.url, "--max-wait", "0")
        cases = [
            ("profile dir", a + ("--profile", self.dir), 2, "is a directory"),
            ("profile missing", a + ("--profile", self.missing), 2, "no such file"),
            ("profile socket", a + ("--profile", self.socket_path), 2, "cannot open"),
            ("profile /dev/zero", a + ("--profile", "/dev/zero"), 2, "larger than 1 MiB"),
            ("profile binary", a + ("--profile", self.binary), 2, "knox: audit: "),
            ("wordlist dir", a + ("--wordlist", self.dir), 2, "knox audit"),
            ("wordlist socket", a + ("--wordlist", self.socket_path), 2, "cannot open"),
            ("ca dir", a + ("--ca", self.dir), 2, "is a directory"),
            ("ca /dev/zero", a + ("--ca", "/dev/zero"), 2, "not a regular file"),
            ("ca not PEM", a + ("--ca", self.text), 2, "no PEM certificate"),
            ("output dir", a + ("--output", self.dir), 2, "is a directory"),
            ("output no dir", a + ("--output", os.path.join(self.missing, "r.sarif")), 2,
             "no directory"),
            ("binary URL", ("audit", "\x01\x7f\u00ff"), 2, "URL must be"),
            ("bad header", a + ("-H", "no colon"), 2, "knox: audit: "),
            ("--format no value", a + ("--format",), 2, "knox audit"),
            ("no URL", ("audit",), 2, "knox audit"),
            ("unreachable, all files fine", a + ("--profile", "/dev/null"), 3, "unreachable"),
            ("--login with login steps", a + ("--profile", self.steps_profile, "--login", "/x"),
             2, "mean nothing with the profile's [[login.steps]]"),
        ]
        for label, args, code, message in cases:
            with self.subTest(label):
                self.run_case(args, None, code, message)

    def test_cookie_serve_and_the_rest(self):
        serve = ("serve", "--listen", "127.0.0.1:0")
        cases = [
            ("cookie parse binary", ("cookie", "parse", "\x01\x7f=\u00ff"), 1, "stored: no"),
            ("cookie parse 100 KB", ("cookie", "parse", "a=" + "b" * 100_000), 1, "stored: no"),
            ("cookie jar no value", ("cookie", "jar", "--from"), 2, "knox cookie"),
            ("cookie parse bad url", ("cookie", "parse", "--url", "\x01", "a=b"), 2, "bad --url"),
            ("serve key-file dir", serve + ("--mode", "sealed", "--key-file", self.dir), 2,
             "is a directory"),
            ("serve key-file /dev/zero", serve + ("--mode", "sealed", "--key-file", "/dev/zero"),
             2, "longer than"),
            ("serve key-file /dev/null", serve + ("--mode", "sealed", "--key-file", "/dev/null"),
             2, "holds no key"),
            ("serve key-file binary", serve + ("--mode", "sealed", "--key-file", self.binary), 2,
             "knox: serve: "),
            ("serve tls dir", serve + ("--tls-cert", self.dir, "--tls-key", self.dir), 2,
             "is a directory"),
            ("serve tls /dev/null", serve + ("--tls-cert", "/dev/null", "--tls-key", "/dev/null"),
             2, "not a regular file"),
            ("serve tls not PEM", serve + ("--tls-cert", self.text, "--tls-key", self.text), 2,
             "knox: serve: "),
            ("serve --listen no value", ("serve", "--listen"), 2, "knox serve"),
            ("checks --format no value", ("checks", "--format"), 2, "knox checks"),
            ("demo bad format", ("demo", "--format", "pdf"), 2, "knox: demo: "),
            ("version extra", ("version", "x"), 2, "knox version"),
        ]
        for label, args, code, message in cases:
            with self.subTest(label):
                self.run_case(args, None, code, message)


if __name__ == "__main__":
    unittest.main()
