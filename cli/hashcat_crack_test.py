#!/usr/bin/python3
"""Real hashcat cracks the hash lines `knox crack --hashcat` prints.

For each format with a hashcat mode (flask -m 29100, express -m 1450, cookie-session -m 150, jwt
-m 16500 with HS256 and HS512, gorilla -m 1450 and with SHA-512 -m 1750): knox signs a token with a secret, `knox crack TOKEN --hashcat` prints the line and the
mode, and hashcat (Debian's 6.2.6 on the CPU through PoCL) runs a straight attack with a three-word
list and must report that secret. Exit 77 (skipped) when hashcat is not installed or finds no
OpenCL device. hashcat compiles its kernels for each mode on first use (minutes on a loaded
2-core machine), hence label slow.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

KNOX = sys.argv[1] if len(sys.argv) > 1 else "build/knox"
SECRET = "hunter2"


def knox(*args):
    r = subprocess.run([KNOX, *args], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        sys.exit(f"knox {' '.join(args)}: exit {r.returncode}: {r.stderr}")
    return r.stdout


def tokens():
    flask = knox("token", "sign", "--format", "flask", "--secret", SECRET, '{"user":"admin"}').strip()
    express = knox("token", "sign", "--format", "express", "--secret", SECRET, "sid-4711").strip()
    value, sig = knox("token", "sign", "--format", "cookie-session", "--secret", SECRET,
                      "--cookie-name", "session", '{"user_id":"123"}').split()
    jwt = knox("token", "sign", "--format", "jwt", "--secret", SECRET, '{"sub":"42"}').strip()
    gorilla = knox("token", "sign", "--format", "gorilla", "--secret", SECRET, "--cookie-name",
                   "session", '{"user":"admin","_flash":["hi"]}').strip()
    gorilla512 = knox("token", "sign", "--format", "gorilla", "--secret", SECRET, "--cookie-name",
                      "session", "--digest", "sha512", '{"user":"admin"}').strip()
    jwt512 = knox("token", "sign", "--format", "jwt", "--secret", SECRET, "--digest", "sha512",
                  '{"sub":"42"}').strip()
    return [
        ("flask", [flask, "--format", "flask"]),
        ("express", [express, "--format", "express"]),
        ("cookie-session", [value, "--format", "cookie-session", "--signature", sig,
                            "--cookie-name", "session"]),
        ("jwt", [jwt, "--format", "jwt"]),
        ("gorilla", [gorilla, "--format", "gorilla", "--cookie-name", "session"]),
        ("gorilla-sha512", [gorilla512, "--format", "gorilla", "--cookie-name", "session",
                            "--digest", "sha512"]),
        ("jwt-hs512", [jwt512, "--format", "jwt"]),
    ]


def main():
    if shutil.which("hashcat") is None:
        print("hashcat is not installed", file=sys.stderr)
        return 77
    work = tempfile.mkdtemp()
    failures = []
    try:
        probe = subprocess.run(["hashcat", "-I"], capture_output=True, text=True, cwd=work,
                               timeout=300)
        if "Device ID #" not in probe.stdout and "Device #" not in probe.stdout:
            print("hashcat finds no OpenCL device (install pocl-opencl-icd)", file=sys.stderr)
            return 77
        words = os.path.join(work, "words.txt")
        with open(words, "w") as f:
            f.write("password\n" + SECRET + "\nletmein\n")
        for name, args in tokens():
            line = json.loads(knox("crack", *args, "--hashcat", "--json"))
            hashes = os.path.join(work, name + ".hash")
            out = os.path.join(work, name + ".out")
            with open(hashes, "w") as f:
                f.write(line["hash"] + "\n")
            r = subprocess.run(["hashcat", "--session", "knox" + str(line["mode"]), "-m",
                                str(line["mode"]), "-a", "0", "--potfile-disable", "--quiet",
                                "-o", out, "--outfile-format", "2", hashes, words],
                               capture_output=True, text=True, cwd=work, timeout=1800)
            cracked = open(out).read().split("\n") if os.path.exists(out) else []
            if SECRET not in cracked:
                failures.append(f"{name}: hashcat -m {line['mode']} did not crack "
                                f"{line['hash'][:40]}... (exit {r.returncode}: {r.stderr.strip()[:300]})")
            else:
                print(f"{name}: hashcat -m {line['mode']} cracked knox's line", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print(f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
