#!/usr/bin/python3
"""docs/knox.1 renders cleanly and cannot fall behind the CLI.

Usage: man_test.py PATH/TO/knox

- groff (-man -Tutf8 -ww) and, where man-db is installed, `man -l --warnings` render the page
  without a single warning;
- every subcommand that `knox --help` lists (and every sub-subcommand of `knox token --help` and
  `knox cookie --help`) has its own section (`.SS "knox NAME ..."`), and every long option that
  `knox <command> [<sub>] --help` prints is named in that command's sections;
- every exit code of `enum ExitCode` (cli/command.h) is listed under EXIT STATUS.
"""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE = os.path.join(ROOT, "docs", "knox.1")
KNOX = sys.argv[1]
ENV = dict(os.environ, LC_ALL="C.UTF-8", MANWIDTH="80")
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def knox_help(*words):
    r = subprocess.run([KNOX, *words, "--help"], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, f"knox {' '.join(words)} --help: exit {r.returncode}"
    return r.stdout


def listed(help_text, heading):
    """Names in the section of a --help text that starts with `heading` (two-space indented)."""
    names, inside = [], False
    for line in help_text.splitlines():
        if line.strip().lower().startswith(heading):
            inside = True
            continue
        if inside:
            m = re.match(r"^  (\S+)", line)
            if not m:
                if line.strip() == "":
                    continue
                break
            names.append(m.group(1))
    return names


def long_options(help_text):
    """The long options of CLI11's option lines ("  -H,--header TEXT ...", "  --json ...")."""
    return set(re.findall(r"^  (?:-\w,)?(--[a-z][a-z0-9-]*)", help_text, re.M))


# 1. Rendering without warnings.
r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", PAGE], capture_output=True, text=True,
                   env=ENV)
check(r.returncode == 0 and r.stderr == "", f"groff -ww: rc {r.returncode}: {r.stderr.strip()}")
if shutil.which("man"):
    r = subprocess.run(["man", "--warnings", "-l", "-Tutf8", PAGE], capture_output=True, env=ENV)
    check(r.returncode == 0 and r.stderr == b"", f"man -l --warnings: {r.stderr.decode().strip()}")
    check(b"knox audit" in r.stdout, "man -l rendered no text")

# 2. Subcommands and options.
text = open(PAGE, encoding="utf-8").read()
plain = text.replace("\\-", "-")
sections = {}
for m in re.finditer(r'^\.SS "knox ([a-z]+)(.*)"\n((?:(?!^\.S[SH] ).*\n)*)', plain, re.M):
    sections.setdefault(m.group(1), []).append(m.group(2) + "\n" + m.group(3))

commands = listed(knox_help(), "commands:")
check(len(commands) >= 10, f"knox --help lists only {commands}")
for command in commands:
    body = "\n".join(sections.get(command, []))
    check(body != "", f"no section .SS \"knox {command} ...\" in docs/knox.1")
    top = knox_help(command)
    helps = [(command, top)]
    for sub in listed(top, "subcommands:"):
        check(re.search(rf"\b{sub}\b", body), f"knox {command} {sub}: not in the man page")
        helps.append((f"{command} {sub}", knox_help(command, sub)))
    for name, help_text in helps:
        for option in sorted(long_options(help_text) - {"--help"}):
            check(re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", body),
                  f"knox {name}: {option} is not in its man page section")

# 3. Exit codes.
exit_status = plain.split('.SH "EXIT STATUS"')[1].split(".SH ")[0]
codes = re.findall(r"kExit\w+ = (\d+)", open(os.path.join(ROOT, "cli", "command.h")).read())
check(len(codes) >= 5, f"exit codes not found in cli/command.h: {codes}")
for code in codes:
    check(re.search(rf"^\.B {code}$", exit_status, re.M), f"exit code {code} not under EXIT STATUS")

for f in failures:
    print("FAIL:", f)
print(f"{len(commands)} commands checked, {len(failures)} failed")
sys.exit(1 if failures else 0)
