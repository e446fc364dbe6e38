#!/usr/bin/python3
"""Imports public conformance suites into knox's own test-data format (JSON Lines).

The suites live outside the repository (a folder laid out as described below, e.g. a checkout of
the upstream projects); this script reads them once and writes their facts into the repository,
so the tests and CI's clean clone need nothing but the committed files. Upstream files are not
copied: each case becomes one record in knox's format. Standard library only.

Usage: /usr/bin/python3 interop/conformance/import_suites.py SUITES_DIR [OUT_ROOT]
  SUITES_DIR  holds http-state/tests/data/ (abarth/http-state at HTTP_STATE_COMMIT) and
              fernet-spec/{generate,verify,invalid}.json (fernet/spec at FERNET_SPEC_COMMIT)
  OUT_ROOT    the repository root to write into (default: this checkout); writes
              OUT_ROOT/core/cookie/testdata/http_state.jsonl (+ http_state.NOTICE: the suite's
              licence notices, which bsd-examples.json requires to be kept with its cases) and
              OUT_ROOT/core/token/testdata/fernet_spec.jsonl

Output is deterministic: records sorted by `case`, keys sorted, UTF-8, one record per line, so
a rerun on the same suites gives byte-identical files. Every record has `suite`, `commit` (the
upstream commit imported) and `case` (a name that finds the case upstream).

http_state.jsonl, kind "parser" (case = NAME of parser/NAME-test and parser/NAME-expected):
  disabled    true when upstream disables the case (its files are named disabled-NAME-*)
  url         where the Set-Cookie lines are received:
              http://home.example.org:8888/cookie-parser?NAME
  set_cookie  the values of NAME-test's Set-Cookie lines, in order, without the surrounding
              spaces and tabs (an HTTP field value has no leading or trailing whitespace)
  next_url    the next request: NAME-test's Location (a path is resolved against url's origin),
              else http://home.example.org:8888/cookie-parser-result?NAME
  cookie      the Cookie header value NAME-expected says the browser sends to next_url
              ("" = no Cookie header)
http_state.jsonl, kind "date" (case = dates/FILE#INDEX, INDEX the 0-based position, 3 digits):
  date        a cookie-date string
  expected    its canonical form ("Mon, 10 Dec 2007 17:02:24 GMT"), or null: invalid date
fernet_spec.jsonl (case = generate#INDEX, verify#INDEX or invalid#INDEX; INDEX 0-based, 2 digits):
  op          "generate": encrypting value with secret at now and iv_hex gives token;
              "verify": token verifies under secret at now with ttl, giving value;
              "invalid": token must not verify under secret at now with ttl
  desc        upstream's description (invalid cases), else null
  secret      the Fernet key (base64url); token; now (Unix seconds, converted from the spec's
              RFC 3339 time); ttl (seconds, null for generate); value (the plaintext, null for
              invalid); iv_hex (generate only, else null)

Not imported: http-state's parser.json (the parser cases again, in another form) and its hosts
file (the host names the suite's server needs).
"""
import datetime
import json
import os
import sys

# The upstream commits of the suites this script was last run on (conformance/README.md there).
HTTP_STATE_COMMIT = "155e45c"
FERNET_SPEC_COMMIT = "20dead4"

HTTP_STATE_NOTICE = (
    "core/cookie/testdata/http_state.jsonl: facts of the IETF http-state working group's cookie\n"
    f"test suite (https://github.com/abarth/http-state, commit {HTTP_STATE_COMMIT}), IETF\n"
    "Contributions under the IETF Note Well, converted by interop/conformance/import_suites.py.\n"
    "Cases taken from a file that carries its own notice are listed with it below.")

ORIGIN = "http://home.example.org:8888"
OWS = " \t"


def header_values(text, name):
    """Values of the `name:` lines of a NAME-test or NAME-expected file, in order."""
    prefix = name + ":"
    return [line[len(prefix):].strip(OWS) for line in text.split("\n") if line.startswith(prefix)]


def read_text(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def parser_record(parser_dir, file_stem):
    """One http-state parser case; file_stem is NAME or disabled-NAME, as upstream names it."""
    name = file_stem.removeprefix("disabled-")
    test = read_text(os.path.join(parser_dir, file_stem + "-test"))
    expected = read_text(os.path.join(parser_dir, file_stem + "-expected"))
    locations = header_values(test, "Location")
    cookies = header_values(expected, "Cookie")
    if len(locations) > 1 or len(cookies) > 1:
        sys.exit(f"{file_stem}: more than one Location or Cookie line; the format holds one")
    next_url = f"{ORIGIN}/cookie-parser-result?{name}"
    if locations:
        next_url = ORIGIN + locations[0] if locations[0].startswith("/") else locations[0]
    return {"suite": "http-state", "commit": HTTP_STATE_COMMIT, "kind": "parser", "case": file_stem,
            "disabled": file_stem.startswith("disabled-"), "url": f"{ORIGIN}/cookie-parser?{name}",
            "set_cookie": header_values(test, "Set-Cookie"), "next_url": next_url,
            "cookie": cookies[0] if cookies else ""}


def split_leading_comment(text):
    """(the leading block of `//` lines, the rest): bsd-examples.json opens with its licence."""
    lines = text.split("\n")
    n = 0
    while n < len(lines) and lines[n].startswith("//"):
        n += 1
    return "\n".join(lines[:n]), "\n".join(lines[n:])


def date_records(dates_dir, notices):
    """The date cases; appends each file's leading comment (its licence) to notices."""
    out = []
    for file in sorted(os.listdir(dates_dir)):
        comment, body = split_leading_comment(read_text(os.path.join(dates_dir, file)))
        if comment:
            notices.append(f"dates/{file}#*:\n{comment}")
        for index, case in enumerate(json.loads(body)):
            out.append({"suite": "http-state", "commit": HTTP_STATE_COMMIT, "kind": "date",
                        "case": f"dates/{file}#{index:03d}", "date": case["test"],
                        "expected": case["expected"]})
    return out


def http_state_records(suites_dir, notices):
    data = os.path.join(suites_dir, "http-state", "tests", "data")
    parser_dir = os.path.join(data, "parser")
    stems = sorted(f[:-len("-test")] for f in os.listdir(parser_dir) if f.endswith("-test"))
    records = [parser_record(parser_dir, stem) for stem in stems]
    return records + date_records(os.path.join(data, "dates"), notices)


def unix_seconds(rfc3339):
    return int(datetime.datetime.fromisoformat(rfc3339).timestamp())


def fernet_records(suites_dir):
    out = []
    for op in ("generate", "invalid", "verify"):
        cases = json.loads(read_text(os.path.join(suites_dir, "fernet-spec", op + ".json")))
        for index, case in enumerate(cases):
            out.append({"suite": "fernet-spec", "commit": FERNET_SPEC_COMMIT,
                        "case": f"{op}#{index:02d}", "op": op, "desc": case.get("desc"),
                        "secret": case["secret"], "token": case["token"],
                        "now": unix_seconds(case["now"]),
                        "ttl": case.get("ttl_sec"), "value": case.get("src"),
                        "iv_hex": bytes(case["iv"]).hex() if "iv" in case else None})
    return out


def check_provenance(suites_dir):
    """Refuses a suites folder whose README names other commits than the ones recorded."""
    readme = os.path.join(suites_dir, "README.md")
    if not os.path.exists(readme):
        return
    text = read_text(readme)
    for commit in (HTTP_STATE_COMMIT, FERNET_SPEC_COMMIT):
        if f"commit {commit}" not in text:
            sys.exit(f"{readme} does not name commit {commit}: update the *_COMMIT constants")


def write_text(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_jsonl(path, records):
    records = sorted(records, key=lambda r: r["case"])
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
             for r in records]
    write_text(path, "\n".join(lines) + "\n")
    print(f"{path}: {len(records)} cases")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.split("\n\n")[2])
    suites_dir = sys.argv[1]
    default_root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    out_root = os.path.normpath(sys.argv[2] if len(sys.argv) == 3 else default_root)
    check_provenance(suites_dir)
    notices = [HTTP_STATE_NOTICE]
    write_jsonl(os.path.join(out_root, "core", "cookie", "testdata", "http_state.jsonl"),
                http_state_records(suites_dir, notices))
    write_text(os.path.join(out_root, "core", "cookie", "testdata", "http_state.NOTICE"),
               "\n\n".join(notices) + "\n")
    write_jsonl(os.path.join(out_root, "core", "token", "testdata", "fernet_spec.jsonl"),
                fernet_records(suites_dir))


if __name__ == "__main__":
    main()
