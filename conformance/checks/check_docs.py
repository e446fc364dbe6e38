#!/usr/bin/python3
"""Fails when docs/checks.md is not exactly what `knox checks --format md` prints.

Usage: check_docs.py KNOX DOCS_FILE. Regenerate with: knox checks --format md > docs/checks.md
"""
import difflib
import subprocess
import sys

knox, docs = sys.argv[1], sys.argv[2]
generated = subprocess.run([knox, "checks", "--format", "md"], capture_output=True, text=True,
                           check=True, timeout=60).stdout
with open(docs, encoding="utf-8") as f:
    committed = f.read()
if generated != committed:
    diff = difflib.unified_diff(committed.splitlines(True), generated.splitlines(True), docs,
                                "knox checks --format md")
    sys.stdout.writelines(diff)
    print(f"{docs} is stale: run `knox checks --format md > docs/checks.md`")
    sys.exit(1)
