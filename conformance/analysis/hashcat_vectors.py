#!/usr/bin/python3
"""Expected candidates for knox crack's masks, rules and --skip/--limit, made by real hashcat.

Runs `hashcat --stdout` (and `hashcat --keyspace`) for each case in CASES on the committed inputs in
conformance/analysis/testdata/hashcat/ and writes what hashcat printed there (<name>.out, plus
cases.json with the keyspaces), so that the unit test hashcat_vectors_test.cc compares knox with
hashcat offline.

  hashcat_vectors.py            regenerate the committed files
  hashcat_vectors.py --check [KNOX]
                                regenerate into a temporary directory and fail on any difference
                                from the committed files; with KNOX (the built binary) also compare
                                `knox crack --stdout` and `knox crack --keyspace` with hashcat
                                directly (ctest: hashcat_vectors_fresh, label slow)

Exit 77 (skipped) when hashcat is not installed. Masks run with --markov-disable: hashcat's default
Markov mode reorders each position's charset by its hcstat2 statistics, which knox does not do.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "testdata", "hashcat")

# name: a mask case (mask, charsets) or a wordlist case (wordlist, rules); skip/limit optional.
# "order": "exact" when hashcat's --stdout order is knox's; "set" when hashcat prints the same
# candidates in its device chunk order: a mask amplifier larger than the inner-loop chunk hashcat's
# autotune picks (at most 1024, and it varies from run to run: the 1000-candidate amplifier of
# mask_seven_r3 came out in knox's order once and interleaved the next time).
CASES = [
    {"name": "mask_dl", "mask": "?d?l"},
    {"name": "mask_literals", "mask": "a??b?d"},
    {"name": "mask_hex", "mask": "?h?H"},
    {"name": "mask_special", "mask": "?s"},
    {"name": "mask_all", "mask": "?a"},
    {"name": "mask_custom", "mask": "?1?2?3?3?3", "charsets": ["ab", "xyz", "01"]},
    {"name": "mask_custom_sets", "mask": "?1?2", "charsets": ["zba?d", "?1-"]},
    {"name": "mask_six", "mask": "?1?1?1?1?1?d", "charsets": ["ab"]},
    {"name": "mask_seven_r4", "mask": "?1?2?3?3?3?3?3", "charsets": ["ab", "xyz", "01"]},
    {"name": "mask_seven_r3", "mask": "?d?d?d?1?1xy", "charsets": ["ab"], "order": "set"},
    {"name": "mask_seven_r3_chunked", "mask": "?l?l?d?1xyz", "charsets": ["ab"], "order": "set"},
    {"name": "mask_skip_limit", "mask": "?d?d?d", "skip": 3, "limit": 2},
    {"name": "mask_skip_limit_six", "mask": "?1?1?1?1?1?d", "charsets": ["ab"], "skip": 7,
     "limit": 5},
    {"name": "mask_skip_past_end", "mask": "?d?d", "skip": 9, "limit": 5},
    {"name": "words_plain", "wordlist": "words.txt"},
    {"name": "words_skip_limit", "wordlist": "words.txt", "skip": 3, "limit": 4},
    {"name": "rules_best64", "wordlist": "words.txt", "rules": ["best64.rule"]},
    {"name": "rules_functions", "wordlist": "words.txt", "rules": ["functions.rule"]},
    {"name": "rules_product", "wordlist": "words.txt", "rules": ["a.rule", "b.rule"]},
    {"name": "rules_best64_skip_limit", "wordlist": "words.txt", "rules": ["best64.rule"],
     "skip": 2, "limit": 3},
]


def hashcat_args(case, data):
    args = []
    for i, cs in enumerate(case.get("charsets", [])):
        args += [f"-{i + 1}", cs]
    if "mask" in case:
        args += ["-a", "3", "--markov-disable", case["mask"]]
    else:
        args += ["-a", "0", os.path.join(data, case["wordlist"])]
        for r in case.get("rules", []):
            args += ["-r", os.path.join(data, r)]
    return args


def knox_args(case, data):
    args = []
    for i, cs in enumerate(case.get("charsets", [])):
        args += [f"-{i + 1}", cs]
    if "mask" in case:
        args += ["--mask", case["mask"]]
    else:
        args += ["--wordlist", os.path.join(data, case["wordlist"])]
        for r in case.get("rules", []):
            args += ["--rules-file", os.path.join(data, r)]
    return args


# Arguments of each hashcat rule function (N a position, X a byte), to find the functions of a rule.
ARITY = {**{c: 0 for c in ":lucCtrdf{}[]qkKEM46"}, **{c: 1 for c in "TpD'zZLR+-.,yY$^@e"},
         **{c: 2 for c in "xO*ios"}, "X": 3}


def functions(rule):
    names, i = [], 0
    while i < len(rule):
        c = rule[i]
        i += 1
        if c == " ":
            continue
        names.append(c)
        i += ARITY.get(c, 0)
    return names


def rule_product(case):
    """The rules of the case's product in hashcat's order (the first file fastest)."""
    product = [""]
    for name in case.get("rules", []):
        with open(os.path.join(DATA, name)) as f:
            rules = [l.rstrip("\r\n") for l in f if l.strip() and not l.startswith("#")]
        product = [a + " " + b for b in rules for a in product]
    return product


def same_candidates(case, want, got):
    """Line lists equal, allowing hashcat 6.2.6's --stdout bug for d and f (issues #3537, #3596,
    #3597: stale buffer bytes ORed into the copy): a line made by a rule with d or f may differ
    if both have the same length and one's bytes have at least the other's bits."""
    if case["order"] == "set":
        return sorted(want) == sorted(got)
    if len(want) != len(got):
        return False
    product = rule_product(case)
    for i, (a, b) in enumerate(zip(want, got)):
        if a == b:
            continue
        fs = functions(product[i % len(product)]) if "rules" in case else []
        if not ("d" in fs or "f" in fs) or len(a) != len(b):
            return False
        if not all((x & y) in (x, y) for x, y in zip(a, b)):
            return False
    return True


def run_hashcat(args, workdir):
    r = subprocess.run(["hashcat", "--session", "knoxvectors", *args], capture_output=True,
                       cwd=workdir, timeout=600)
    if r.returncode not in (0, 255) and not r.stdout:
        sys.exit(f"hashcat {' '.join(args)} failed: {r.stderr.decode(errors='replace')}")
    return r.stdout


def generate(out_dir):
    work = tempfile.mkdtemp()
    try:
        meta = []
        for case in CASES:
            args = hashcat_args(case, DATA)
            limits = []
            if "skip" in case:
                limits += ["-s", str(case["skip"])]
            if "limit" in case:
                limits += ["-l", str(case["limit"])]
            out = run_hashcat(["--stdout", *limits, *args], work)
            with open(os.path.join(out_dir, case["name"] + ".out"), "wb") as f:
                f.write(out)
            keyspace = run_hashcat(["--keyspace", *args], work).split()[-1].decode()
            meta.append({**case, "order": case.get("order", "exact"), "keyspace": int(keyspace)})
        version = subprocess.run(["hashcat", "--version"], capture_output=True, text=True).stdout
        with open(os.path.join(out_dir, "cases.json"), "w") as f:
            json.dump({"hashcat": version.strip(), "cases": meta}, f, indent=1)
            f.write("\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check(knox):
    fresh = tempfile.mkdtemp()
    failures = []
    try:
        generate(fresh)
        with open(os.path.join(fresh, "cases.json")) as f:
            cases = json.load(f)["cases"]
        with open(os.path.join(DATA, "cases.json")) as f:
            if [c["keyspace"] for c in json.load(f)["cases"]] != [c["keyspace"] for c in cases]:
                failures.append("cases.json: hashcat's keyspaces differ from the committed ones")
        for case in cases:
            name = case["name"] + ".out"
            with open(os.path.join(fresh, name), "rb") as a, open(os.path.join(DATA, name), "rb") as b:
                if not same_candidates(case, a.read().split(b"\n"), b.read().split(b"\n")):
                    failures.append(f"{name}: hashcat's output differs from the committed file")
        if knox:
            for case in cases:
                args = knox_args(case, DATA)
                limits = []
                if "skip" in case:
                    limits += ["--skip", str(case["skip"])]
                if "limit" in case:
                    limits += ["--limit", str(case["limit"])]
                got = subprocess.run([knox, "crack", "--stdout", *limits, *args],
                                     capture_output=True, timeout=120).stdout
                with open(os.path.join(fresh, case["name"] + ".out"), "rb") as f:
                    want = f.read()
                if not same_candidates(case, want.split(b"\n"), got.split(b"\n")):
                    failures.append(f"{case['name']}: knox crack --stdout differs from hashcat")
                ks = subprocess.run([knox, "crack", "--keyspace", *args], capture_output=True,
                                    text=True, timeout=120).stdout.strip()
                if ks != str(case["keyspace"]):
                    failures.append(f"{case['name']}: knox --keyspace {ks}, hashcat {case['keyspace']}")
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    for f in failures:
        print(f, file=sys.stderr)
    return 1 if failures else 0


def main():
    if shutil.which("hashcat") is None:
        print("hashcat is not installed (apt-get install hashcat pocl-opencl-icd)", file=sys.stderr)
        return 77
    if len(sys.argv) > 1 and sys.argv[1] == "--check":
        return check(sys.argv[2] if len(sys.argv) > 2 else None)
    generate(DATA)
    return 0


if __name__ == "__main__":
    sys.exit(main())
