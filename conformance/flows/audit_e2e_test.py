#!/usr/bin/python3
"""End-to-end: `knox audit` against every real framework target of conformance/targets.

Usage: audit_e2e_test.py KNOX [NAME ...] [-j N]

For each target (started on 127.0.0.1 by targets.Target), runs `knox audit URL --user alice
--password wonderland --format json` (with `--profile FILE` when the manifest gives the target a
knox profile, e.g. flask-csrf-login's `[login.csrf]`; the targets with their own `routes` — PHP,
the Django admin — are audited with no profile at all) and asserts:
  * every fact of the target's manifest `expected` that knox decides equals the ground truth, and
    knox leaves undecided only the facts listed in UNDECIDABLE below (each with the reason a black
    box cannot see it); an expected null must be null in the report too (e.g. flask-csrf-login's
    rotation and fixation, weak_secret of a plain server id); the field lists (readable_fields,
    carried_over_fields, sensitive_fields) compare as sorted lists; `browser_refusal` is only
    informational (a non-empty reason whenever browser_refuses_session_cookie is true);
  * presence AND absence of the findings those facts imply (no false positives);
  * for a target with its own routes, that the report's login_steps name the login page, the
    protected page and the logout request knox discovered;
  * the other report formats render (JUnit parses as XML, SARIF/JSON as JSON).
The https-only targets, and fastapi-secure, flask-insecure, rack-cookie-insecure and
rails-secure-csrf (a zero-config login and CSRF-protected logout over TLS), are also audited over
https with a certificate this test makes, trusted with --ca, so the Secure attribute is exercised
over TLS; one run with --insecure checks that it is recorded. An http -> https front
(`https_front`: nginx-https-front) is audited on its http URL with --ca, and login_steps must say
that the landing page redirects to https. Bearer-token APIs (`bearer` in the manifest) are
compared on their `bearer` and `jwt` report objects (bearer_issued_in, jwt_*). The ground truth
itself is verified independently of knox by targets_ground_truth.
"""
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "targets"))
from targets import Target, profile_path, specs  # noqa: E402

# Facts knox cannot decide from outside, per target, and why.
UNDECIDABLE = {
    # A signed client-side cookie with an opaque sid inside: knox sees a Flask token, not an id.
    "flask-secure": {"low_entropy": "the random sid is inside a signed cookie"},
    # (fastapi-secure's 10 s idle timeout is found by the idle probe: --max-wait 15 below.)
}

# Facts the ground-truth test cannot decide within its time budget but knox can, because it
# cracked the signing secret and forged a token older than the framework's max age (each library's
# documented rule, verified here by knox's forged token being refused).
DECIDED_BY_FORGING = {
    "flask-insecure": {"expiry_enforced": True},        # PERMANENT_SESSION_LIFETIME, 31 days
    "starlette-insecure": {"expiry_enforced": True},    # SessionMiddleware max_age, 14 days
    "django-signed-insecure": {"expiry_enforced": True},  # SESSION_COOKIE_AGE, 2 weeks
    "flask-visit-counter": {"expiry_enforced": True},   # PERMANENT_SESSION_LIFETIME, 31 days
    "go-gorilla-insecure": {"expiry_enforced": True},   # securecookie MaxAge, 30 days
}

# Report fields that hold lists of payload keys: compared as sorted lists.
LIST_FACTS = ("readable_fields", "carried_over_fields", "sensitive_fields")

# fact -> (finding id, value that implies the finding, values that imply its absence)
IMPLIED = [
    ("secure", "KNOX-ATTR-001", False, (True,)),
    ("http_only", "KNOX-ATTR-002", False, (True,)),
    ("same_site", "KNOX-ATTR-003", "missing", ("Lax", "Strict")),
    ("prefix", "KNOX-PREFIX-001", "none", ("__Host-",)),
    ("login_rotates_id", "KNOX-SESS-001", False, (True, None)),
    ("fixation", "KNOX-SESS-002", True, (False,)),
    ("logout_invalidates", "KNOX-SESS-003", False, (True,)),
    ("session_id_in_url", "KNOX-SESS-005", True, (False,)),
    ("tamper_rejected", "KNOX-TOKEN-001", False, (True,)),
    ("weak_secret", "KNOX-SECRET-001", True, (False, None)),
    ("low_entropy", "KNOX-ENTROPY-001", True, (False, None)),
    ("expiry_enforced", "KNOX-LIFE-003", False, (True, None)),
    ("jwt_alg_none_accepted", "KNOX-JWT-001", True, (False, None)),
    ("jwt_signature_stripped_accepted", "KNOX-JWT-002", True, (False, None)),
    ("jwt_key_confusion_accepted", "KNOX-JWT-003", True, (False, None)),
    ("jwt_exp_missing", "KNOX-JWT-004", True, (False, None)),
    ("jwt_expired_accepted", "KNOX-JWT-005", True, (False, None)),
]


# finding id -> (predicate over the expected facts: True = the finding must be present, False = it
# must be absent, None = no assertion)
DERIVED = [
    # sensitive payload keys readable in the cookie
    ("KNOX-TOKEN-003", lambda e: None if "sensitive_fields" not in e else
        bool(e["sensitive_fields"])),
    # SameSite=None without Secure (Chromium refuses the cookie)
    ("KNOX-ATTR-006", lambda e: e.get("same_site") == "None" and e.get("secure") is False),
    # the session cookie's name prefix is broken (a browser refuses it): only when the session
    # cookie has a prefix; no target sets another prefixed cookie
    ("KNOX-PREFIX-002", lambda e: None if e.get("prefix") in (None, "none") else
        bool(e.get("browser_refuses_session_cookie"))),
]


def knox_fact(session, fact):
    """The report's value of a manifest fact (session object of --format json): jwt_X is the
    member X of the report's `jwt` object, bearer_issued_in the `bearer` object's issued_in."""
    if fact.startswith("jwt_"):
        return (session.get("jwt") or {}).get(fact[4:])
    if fact == "bearer_issued_in":
        return (session.get("bearer") or {}).get("issued_in")
    value = session.get(fact)
    if fact == "weak_secret" and isinstance(value, dict):
        return value.get("found")
    if fact in LIST_FACTS and isinstance(value, list):
        return sorted(value)
    return value


def make_cert(directory):
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return cert, key


def audit(knox, url, extra=()):
    argv = [knox, "audit", url, "--user", "alice", "--password", "wonderland", "--format", "json",
            "--samples", "12", "--max-wait", "15", "--timeout", "5", *extra]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    if p.returncode not in (0, 1):
        raise AssertionError(f"knox audit exited {p.returncode}: {p.stderr}")
    report = json.loads(p.stdout)
    return p.returncode, report


def check_target(knox, name, tls, cert_dir):
    errors = []
    extra = []
    if tls:
        extra = ["--ca", tls[0]]
    profile = profile_path(specs()[name], cert_dir)
    if profile:
        extra += ["--profile", profile]
    with Target(name, tls=tls) as t:
        rc, report = audit(knox, t.url, extra)
        session = report["session"]
        expected = dict(t.expected)
        expected.update(DECIDED_BY_FORGING.get(name, {}))
        undecidable = dict(UNDECIDABLE.get(name, {}))

        for fact, want in expected.items():
            got = knox_fact(session, fact)
            if fact in LIST_FACTS and isinstance(want, list):
                want = sorted(want)
            if got is None and want is not None:
                if fact not in undecidable:
                    why = session.get("undecided", {}).get(fact, "?")
                    errors.append(f"{fact}: undecided ({why}), expected {want!r}")
            elif fact == "lifetime_s" and want is not None and got is not None:
                # Expires and Date both have one-second resolution and are taken at different
                # instants by a loaded server: Expires - Date is the lifetime +/- 2 s (the same
                # tolerance as targets_ground_truth).
                if abs(got - want) > 2:
                    errors.append(f"{fact}: knox says {got!r}, ground truth {want!r} (+/- 2 s)")
            elif got != want:
                errors.append(f"{fact}: knox says {got!r}, ground truth {want!r}")
        reason = session.get("browser_refusal")
        if session.get("browser_refuses_session_cookie") is True and \
                not (isinstance(reason, str) and reason):
            errors.append("browser_refuses_session_cookie without a browser_refusal reason")
        if session.get("cookie_name") != t.spec["session_cookie"]:
            errors.append(f"session cookie {session.get('cookie_name')!r}, "
                          f"expected {t.spec['session_cookie']!r}")
        ids = {f["id"] for f in report["findings"]}
        for fact, finding, present_when, absent_when in IMPLIED:
            want = expected.get(fact)
            if want == present_when and finding not in ids:
                errors.append(f"missing {finding} ({fact}={want!r})")
            if want in absent_when and finding in ids:
                errors.append(f"false positive {finding} ({fact}={want!r})")
        for finding, implied in DERIVED:
            want = implied(expected)
            if want is True and finding not in ids:
                errors.append(f"missing {finding} (implied by the expected facts)")
            if want is False and finding in ids:
                errors.append(f"false positive {finding} (the expected facts rule it out)")
        over_http = "KNOX-SESS-006" in ids
        if over_http == bool(tls):
            errors.append(f"KNOX-SESS-006 (cookie over plain HTTP) {'present' if over_http else 'absent'}"
                          f" on {'https' if tls else 'http'}")
        if (rc == 1) != bool(ids - {f["id"] for f in report["findings"] if f["severity"] == "info"}):
            errors.append(f"exit code {rc} does not match the findings {sorted(ids)}")
        routes = t.spec.get("routes")
        if routes:  # audited without a profile: the report says how knox found its way in
            steps = report.get("login_steps", [])
            for want in (f"login form found on {routes['login']}",
                         f"protected page: {routes['protected']} ",
                         f"(" + " ".join(routes["logout"]) + ")"):
                if not any(want in step for step in steps):
                    errors.append(f"login_steps lack {want!r}: {steps}")
        for secret_field in ("secret",):
            if secret_field in (session.get("weak_secret") or {}):
                errors.append("the secret itself is in the report without --show-secrets")
        if t.https_front:  # audited on its http URL: knox follows the 301 and goes on over https
            if not any("redirects to https" in step for step in report.get("login_steps", [])):
                errors.append(f"login_steps lack the http -> https redirect: "
                              f"{report.get('login_steps')}")
        if errors:
            errors.append("target log:\n" + t.log()[-2000:])
    return [f"{name} ({'https' if tls else 'http'}): {e}" for e in errors]


def check_formats(knox, cert_dir, tls):
    """The other renderers on one real audit, and --insecure recorded."""
    errors = []
    with Target("express-insecure", tls=tls) as t:
        base = [knox, "audit", t.url, "--user", "alice", "--password", "wonderland", "--samples",
                "4", "--max-wait", "0", "--insecure"]
        for fmt in ("junit", "sarif", "html", "text", "json"):
            p = subprocess.run(base + ["--format", fmt], capture_output=True, text=True, timeout=300)
            if p.returncode != 1:
                errors.append(f"--format {fmt}: exit {p.returncode} {p.stderr}")
                continue
            if fmt == "junit":
                ET.fromstring(p.stdout)
            elif fmt in ("sarif", "json"):
                doc = json.loads(p.stdout)
                if fmt == "json" and doc.get("insecure_tls") is not True:
                    errors.append("--insecure is not recorded in the JSON report")
                if fmt == "sarif" and doc.get("version") != "2.1.0":
                    errors.append("SARIF version")
            elif fmt == "html" and ("<script" in p.stdout.lower() or "KNOX-SESS-002" not in p.stdout):
                errors.append("HTML report has a script or lacks the fixation finding")
            elif fmt == "text" and "KNOX-SESS-002" not in p.stdout:
                errors.append("text report lacks the fixation finding")
            if "wonderland" in p.stdout:
                errors.append(f"--format {fmt} leaks the password")
    return errors


def main():
    args = sys.argv[1:]
    knox = os.path.abspath(args.pop(0))
    jobs = 3
    if "-j" in args:
        i = args.index("-j")
        jobs = int(args[i + 1])
        del args[i:i + 2]
    names = args or list(specs())
    with tempfile.TemporaryDirectory() as cert_dir:
        tls = make_cert(cert_dir)
        runs = []
        for name in names:
            spec = specs()[name]
            if not spec.get("tls_required"):
                runs.append((name, None))
            if spec.get("tls_args") is not None and (spec.get("tls_required") or name in (
                    "fastapi-secure", "flask-insecure", "rack-cookie-insecure",
                    "rails-secure-csrf")):
                runs.append((name, tls))
        errors = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(check_target, knox, n, t, cert_dir): (n, t) for n, t in runs}
            if not args:
                futures[pool.submit(check_formats, knox, cert_dir, tls)] = ("formats", tls)
            for future in concurrent.futures.as_completed(futures):
                name, t = futures[future]
                try:
                    errs = future.result()
                except Exception as e:  # noqa: BLE001 - report every failure, not just the first
                    errs = [f"{name}: {type(e).__name__}: {e}"]
                status = "FAIL" if errs else "ok"
                print(f"{status}: {name} ({'https' if t else 'http'})", flush=True)
                errors += errs
    for e in errors:
        print(e)
    print(f"{len(runs)} audits, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
