#!/usr/bin/python3
"""action.yml: the inputs, and their mapping onto real `knox audit` options.

Usage: action_test.py PATH/TO/knox

Checks the metadata (a Docker action built from the Dockerfile, exactly the inputs target,
profile, user, password, fail-on, format and output, target required) and then runs the action's
own entrypoint and args — with ${{ inputs.X }} replaced as GitHub does and its env set — against
the built knox, no container needed:
- with every input at its default, on a port where nothing listens: exit 3 (target unreachable),
  so every option the action passes exists and every default value is valid;
- with a profile, a user and a password: exit 3 again (all accepted);
- a profile that does not exist: exit 2 naming it (the input reaches --profile);
- a user without a password: exit 2 (user reaches KNOX_USER); the password never appears in the
  command line;
- an invalid fail-on or format: exit 2 (they reach --fail-on and --format).
"""
import os
import re
import socket
import subprocess
import sys
import tempfile

import yaml

KNOX = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


action = yaml.safe_load(open(os.path.join(ROOT, "action.yml"), encoding="utf-8"))
inputs = action["inputs"]
check(set(inputs) == {"target", "profile", "user", "password", "fail-on", "format", "output"},
      f"inputs {sorted(inputs)}")
check(inputs["target"].get("required") is True, "target is not required")
check(all(i.get("description") for i in inputs.values()), "an input without a description")
runs = action["runs"]
check(runs.get("using") == "docker" and runs.get("image") == "Dockerfile", f"runs {runs}")
used = set(re.findall(r"\$\{\{ inputs\.([\w-]+) \}\}", yaml.safe_dump(runs)))
check(used == set(inputs), f"inputs not used by runs: {sorted(set(inputs) - used)}")


def substitute(value, given):
    def one(m):
        name = m.group(1)
        return str(given.get(name, inputs[name].get("default", "")))
    return re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", one, str(value))


def run_action(given, cwd):
    argv = [runs["entrypoint"]] + [substitute(a, given) for a in runs["args"]]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KNOX_")}
    env["PATH"] = os.path.dirname(KNOX) + os.pathsep + env.get("PATH", "/usr/bin:/bin")
    env.update({k: substitute(v, given) for k, v in runs.get("env", {}).items()})
    r = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    if "password" in given:
        check(all(given["password"] not in a for a in argv), "the password is in the command line")
    return r


with socket.socket() as s:  # a loopback port where nothing listens
    s.bind(("127.0.0.1", 0))
    closed = f"http://127.0.0.1:{s.getsockname()[1]}/"

with tempfile.TemporaryDirectory() as work:
    with open(os.path.join(work, "profile.toml"), "w") as f:
        f.write('[login]\npath = "/signin"\n')
    cases = [
        ("defaults", {"target": closed}, 3, "target unreachable"),
        ("all inputs", {"target": closed, "profile": "profile.toml", "user": "auditor",
                        "password": "pa55-word", "fail-on": "high", "format": "junit",
                        "output": "out.xml"}, 3, "target unreachable"),
        ("missing profile", {"target": closed, "profile": "nope.toml"}, 2, "nope.toml"),
        ("user without password", {"target": closed, "user": "auditor"}, 2, "password"),
        ("bad fail-on", {"target": closed, "fail-on": "severe"}, 2, "--fail-on"),
        ("bad format", {"target": closed, "format": "pdf"}, 2, "pdf"),
    ]
    for name, given, code, message in cases:
        r = run_action(given, work)
        check(r.returncode == code and message in r.stderr,
              f"{name}: exit {r.returncode} (expected {code}), stderr {r.stderr.strip()!r}")

for f in failures:
    print("FAIL:", f)
print(f"action.yml: {len(failures)} problem(s)")
sys.exit(1 if failures else 0)
