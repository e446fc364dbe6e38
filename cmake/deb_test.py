#!/usr/bin/python3
"""The Debian package: `cpack -G DEB` from a build tree, its contents and a run of what it holds.

Usage: deb_test.py BUILD_DIR VERSION

Builds knox_VERSION_ARCH.deb into a temporary directory (nothing is installed), then checks with
dpkg-deb that
- it holds exactly usr/bin/knox (executable), usr/share/man/man1/knox.1.gz (docs/knox.1, gzipped),
  usr/share/bash-completion/completions/knox (= `knox completion bash`) and
  usr/share/doc/knox/copyright;
- its control fields name the package, version, architecture, maintainer, section and
  description, and Depends (computed by dpkg-shlibdeps) lists the shared libraries' packages with
  versions: libc6, libssl3, libstdc++6, zlib1g, libhiredis, libpsl5;
and extracts it with dpkg-deb -x to run the extracted knox (--version, checks, completion).
"""
import gzip
import os
import re
import subprocess
import sys
import tempfile

BUILD, VERSION = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def run(*cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=240, **kw)


arch = run("dpkg", "--print-architecture").stdout.strip()
with tempfile.TemporaryDirectory() as tmp:
    r = run("cpack", "-G", "DEB", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-B", tmp,
            cwd=BUILD)
    if r.returncode != 0:
        sys.exit(f"FAIL: cpack -G DEB: exit {r.returncode}\n{r.stdout}\n{r.stderr}")
    deb = os.path.join(tmp, f"knox_{VERSION}_{arch}.deb")
    if not os.path.exists(deb):
        sys.exit(f"FAIL: {deb} not made; {tmp} holds {os.listdir(tmp)}")

    # Contents: exactly these files (directories aside), knox executable.
    listing = run("dpkg-deb", "-c", deb).stdout
    files = {}
    for line in listing.splitlines():
        fields = line.split()
        mode, path = fields[0], fields[-1]
        if not mode.startswith("d"):
            files[path.lstrip(".")] = mode
    expected = {"/usr/bin/knox", "/usr/share/man/man1/knox.1.gz",
                "/usr/share/bash-completion/completions/knox", "/usr/share/doc/knox/copyright"}
    check(set(files) == expected, f"package files {sorted(files)} != {sorted(expected)}")
    check(files.get("/usr/bin/knox") == "-rwxr-xr-x", f"usr/bin/knox mode {files.get('/usr/bin/knox')}")

    # Control fields.
    info = run("dpkg-deb", "-I", deb).stdout
    fields = dict(re.findall(r"^ ([A-Z][\w-]*): (.*)$", info, re.M))
    for key, want in (("Package", "knox"), ("Version", VERSION), ("Architecture", arch),
                      ("Section", "net")):
        check(fields.get(key) == want, f"{key}: {fields.get(key)!r}, expected {want!r}")
    check("<" in fields.get("Maintainer", "") and "@" in fields.get("Maintainer", ""),
          f"Maintainer: {fields.get('Maintainer')!r}")
    check(fields.get("Description", "").startswith("audit, sign, verify and crack"),
          f"Description: {fields.get('Description')!r}")
    depends = fields.get("Depends", "")
    for lib in ("libc6", "libssl3", "libstdc++6", "zlib1g", "libhiredis", "libpsl5"):
        check(re.search(rf"(^|, ){re.escape(lib)}[\w.+-]* \(>= [^)]+\)", depends),
              f"Depends lacks a versioned {lib}: {depends!r}")

    # The extracted files.
    root = os.path.join(tmp, "root")
    r = run("dpkg-deb", "-x", deb, root)
    check(r.returncode == 0, f"dpkg-deb -x: {r.stderr}")
    knox = os.path.join(root, "usr", "bin", "knox")
    ldd = run("ldd", knox).stdout
    check("not found" not in ldd, f"unresolved libraries:\n{ldd}")
    r = run(knox, "--version")
    check(r.returncode == 0 and r.stdout == f"knox {VERSION}\n", f"knox --version: {r.stdout!r}")
    r = run(knox, "checks")
    check(r.returncode == 0 and "KNOX-ATTR-001" in r.stdout, f"knox checks: exit {r.returncode}")
    r = run(knox, "completion", "bash")
    completion = os.path.join(root, "usr/share/bash-completion/completions/knox")
    check(r.returncode == 0 and r.stdout == open(completion).read(),
          "the installed completion is not `knox completion bash`")
    with gzip.open(os.path.join(root, "usr/share/man/man1/knox.1.gz"), "rb") as page:
        check(page.read() == open(os.path.join(ROOT, "docs", "knox.1"), "rb").read(),
              "knox.1.gz is not docs/knox.1")
    copyright_text = open(os.path.join(root, "usr/share/doc/knox/copyright")).read()
    check(copyright_text.startswith("Format: https://www.debian.org/doc/packaging-manuals/"),
          "copyright is not in the machine-readable format")

for f in failures:
    print("FAIL:", f)
print(f"knox_{VERSION}_{arch}.deb: {len(failures)} problem(s)")
sys.exit(1 if failures else 0)
