#!/usr/bin/python3
"""End-to-end tests of the knox executable: exit codes, one-line errors, subcommand output."""
import json
import subprocess
import sys
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


if __name__ == "__main__":
    unittest.main()
