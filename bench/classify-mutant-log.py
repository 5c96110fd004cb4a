"""Classifies one mutant's `swift test` log for bench/run-mutants.sh (issue 20).

Usage: python3 bench/classify-mutant-log.py LOG EXIT_CODE TESTS_DIR
Prints one tab-separated line: verdict, how, and the failing assertion sites.

A catch counts as "by assertion" when some failed expectation (`✘ Test "..." recorded an issue at
FILE:LINE:COL`, or `✘ Test name() ...` for a test without a display name) is at a site that is not a golden-file comparison. Golden-file comparisons are the
expectations marked `// golden-file comparison` in the test sources (on the expectation's line or
the line above it): they say "something changed", not "this is wrong". A failing run without any
recorded issue was caught only by a crash (or a build of the tests that failed).
"""
import os
import re
import sys

log, rc, tests_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(log, errors="replace").read()

sources = {}
for root, _, files in os.walk(tests_dir):
    for f in files:
        if f.endswith(".swift"):
            sources.setdefault(f, os.path.join(root, f))


def golden(file, line):
    path = sources.get(file)
    if path is None:
        return False
    lines = open(path).read().split("\n")
    near = lines[max(0, line - 2):line]
    return any("golden-file comparison" in l for l in near)


sites = {}
for m in re.finditer(
        r'✘ Test (?:"([^"]*)"|(\w+\([^)\n]*\))) recorded an issue(?: with \d+ arguments? (.*?))? at '
        r'([\w+.-]+\.swift):(\d+):\d+', text,
        re.S):  # arguments may print strings with newlines; tests without a display name print `name()`
    test, argument, file, line = m.group(1) or m.group(2), m.group(3), m.group(4), int(m.group(5))
    if argument:  # parameterized test: name the argument (the claim id, ...)
        test = argument.split("→")[-1].strip().strip('"') + ": " + test
    sites.setdefault((file, line), test)
crash = bool(re.search(r"Fatal error|Program crashed|exited with unexpected signal|signal code", text))
asserting = sorted(k for k in sites if not golden(*k))
if rc == 0:
    verdict, how = "**survived**", "-"
elif not sites:
    verdict, how = "caught", "only by a crash"
elif not asserting:
    verdict, how = "caught", "only by the golden files"
else:
    verdict = "caught"
    how = f"assertions ({len(asserting)} sites)" + (", and a crash" if crash else "")
shown = "; ".join(f"{f}:{l} ({sites[(f, l)][:50]})" for f, l in asserting[:2]) or "-"
print(f"{verdict}\t{how}\t{shown}")
