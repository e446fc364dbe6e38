#!/usr/bin/python3
"""Parses every report format with Python's own parsers and checks what consumers rely on.

Usage: check_outputs.py PATH/TO/knox_render_sample

knox_render_sample renders a fixed report whose target-controlled strings hold markup, quotes,
a CDATA terminator, ANSI escapes, NUL and invalid UTF-8 (reports/sample_report.cc). This script
checks that JUnit XML parses with xml.etree, that the HTML has no script element, event handler
or external resource (html.parser), that JSON and SARIF parse with json, and that the SARIF log
has the SARIF 2.1.0 properties code-scanning tools require. Exits non-zero on the first failure.
"""

import html.parser
import json
import re
import subprocess
import sys
import urllib.parse
import xml.etree.ElementTree as ET

SEVERITIES = {"high", "medium", "low", "info"}
SARIF_LEVELS = {"none", "note", "warning", "error"}
URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


def render(binary, fmt, *extra):
    out = subprocess.run([binary, fmt, *extra], check=True, stdout=subprocess.PIPE).stdout
    text = out.decode("utf-8")  # raises on invalid UTF-8
    for bad in ("\x00", "\u009b", "\u202e"):
        assert bad not in text, f"{fmt}: raw {bad!r} in output"
    return text


def check_text(binary):
    plain = render(binary, "text")
    assert "\x1b" not in plain, "text: escape character without --colour"
    assert "\\x1b[31mRED" in plain, "text: the hostile ESC is not shown escaped"
    coloured = render(binary, "text", "--colour")
    for seq in re.findall(r"\x1b\[[0-9;]*[A-Za-z]?", coloured):
        assert seq in {"\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[1;31m", "\x1b[33m", "\x1b[36m"}, seq
    assert coloured.count("\x1b") == len(re.findall(r"\x1b\[[0-9;]*m", coloured)), "stray ESC"
    assert re.search(r"^3 findings \(1 high, 1 medium, 1 low, 0 info\)", plain, re.M)


def check_junit(binary):
    root = ET.fromstring(render(binary, "junit").encode("utf-8"))
    assert root.tag == "testsuites", root.tag
    suites = root.findall("testsuite")
    assert len(suites) == 1, "exactly one testsuite"
    suite = suites[0]
    assert suite.get("name").startswith("knox audit https://victim.example/app?q=<script>")
    cases = suite.findall("testcase")
    failures = suite.findall("testcase/failure")
    assert int(suite.get("tests")) == len(cases) == 5, suite.get("tests")
    assert int(suite.get("failures")) == len(failures) == 3, suite.get("failures")
    for case in cases:
        assert re.fullmatch(r"knox\.[A-Z]+", case.get("classname")), case.get("classname")
        assert re.match(r"KNOX-[A-Z]+-\d{3} \S", case.get("name")), case.get("name")
    for failure in failures:
        assert failure.get("type") in SEVERITIES, failure.get("type")
        assert failure.get("message"), "failure without message"
        assert failure.text and failure.text.startswith("subject: ")
    attr = next(f for f in failures if "sid<script>" in f.get("message"))
    assert "\x1b" not in attr.get("message") and "\ufffd" in attr.get("message")
    assert "set_from<script>alert(1)</script>" in attr.text, "evidence lost in escaping"
    assert suite.find("system-out") is not None


class HtmlScan(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.attrs = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v or "") for k, v in attrs)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)


def check_html(binary):
    page = render(binary, "html")
    assert page.startswith("<!DOCTYPE html>")
    scan = HtmlScan()
    scan.feed(page)
    scan.close()
    assert "script" not in scan.tags, "script element in the HTML report"
    for tag in ("iframe", "object", "embed", "link", "img", "base", "form"):
        assert tag not in scan.tags, f"{tag} element in the HTML report"
    for tag, name, value in scan.attrs:
        assert not name.startswith("on"), f"event handler {name} on {tag}"
        assert name not in ("src", "srcdoc"), f"{name} on {tag}"
        if name == "href":
            assert value.startswith("https://"), f"link to {value!r}"
    csp = [v for t, k, v in scan.attrs if t == "meta" and k == "content" and "default-src" in v]
    assert len(csp) == 1 and "default-src 'none'" in csp[0] and "script-src" not in csp[0], csp
    assert scan.tags.index("meta") < scan.tags.index("style"), "CSP must precede content"
    assert scan.tags.count("svg") == 2, "severity chart and entropy chart"
    assert scan.tags.count("rect") == 4 + 43, "4 severity bars and 43 entropy bars"
    text = "".join(scan.text)
    assert "<script>alert(1)</script>" in text, "hostile text should display as text"
    assert "\x1b" not in text


def check_json(binary):
    doc = json.loads(render(binary, "json"))
    assert list(doc) == ["schema_version", "tool", "target", "started_at", "duration_s",
                         "insecure_tls", "profile", "session", "findings", "checks",
                         "login_steps", "notes", "entropy", "exchanges", "summary"], list(doc)
    assert doc["schema_version"] == 2 and doc["tool"]["name"] == "knox"
    assert doc["target"].startswith("https://victim.example/app?q=<script>alert(1)</script>\"'")
    assert "\x1b[31mRED" in doc["target"], "JSON must keep the exact (escaped) characters"
    counts = {s: 0 for s in SEVERITIES}
    for f in doc["findings"]:
        assert set(f) == {"id", "title", "severity", "cwe", "asvs4", "asvs5", "wstg", "subject",
                          "evidence", "rationale", "remediation"}, set(f)
        assert all(isinstance(v, str) for v in f["evidence"].values())
        counts[f["severity"]] += 1
    assert doc["summary"] == counts, doc["summary"]
    entropy = doc["entropy"]
    assert len(entropy["bits_per_position"]) == 43 and entropy["max_bits_per_position"] == 6.0


def check_sarif(binary):
    log = json.loads(render(binary, "sarif"))
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "knox" and driver["version"]
    if "informationUri" in driver:
        assert urllib.parse.urlparse(driver["informationUri"]).scheme == "https"
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) == 5, ids
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in SARIF_LEVELS
        score = float(rule["properties"]["security-severity"])
        assert 0.0 <= score <= 10.0 and isinstance(rule["properties"]["security-severity"], str)
        assert "security" in rule["properties"]["tags"]
        for key in ("fullDescription", "help"):
            assert key not in rule or rule[key]["text"], key
    secure = rules[ids.index("KNOX-ATTR-001")]
    assert "CWE-614" in secure["properties"]["tags"]
    assert secure["properties"]["security-severity"] == "5.0"
    assert secure["fullDescription"]["text"] and secure["help"]["text"]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["note"] and "<script>" in notes[0]["message"]["text"]
    results = run["results"]
    assert len(results) == 3
    fingerprints = set()
    for result in results:
        rule = rules[result["ruleIndex"]]
        assert result["ruleId"] == rule["id"]
        assert result["level"] in SARIF_LEVELS
        assert result["message"]["text"].startswith(rule["shortDescription"]["text"])
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert URI_CHARS.match(uri), f"not a valid URI: {uri!r}"
        assert urllib.parse.urlparse(uri).netloc == "victim.example"
        (fingerprint,) = result["partialFingerprints"].values()
        assert re.fullmatch(r"[0-9a-f]{16}", fingerprint)
        fingerprints.add(fingerprint)
    assert len(fingerprints) == 3, "fingerprints must differ between findings"
    again = json.loads(render(binary, "sarif"))
    assert again["runs"][0]["results"] == results, "rendering is not deterministic"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    for check in (check_text, check_junit, check_html, check_json, check_sarif):
        check(binary)
        print(f"ok {check.__name__}")
    bad = subprocess.run([binary, "xml"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert bad.returncode == 2 and b"unknown report format" in bad.stderr
    print("ok unknown format")


if __name__ == "__main__":
    main()
