#!/usr/bin/env python3
"""Writes a catalogue of boundary mutants for bench/run-mutants.sh (issue 20): every relational
operator of the given Swift files flipped at its edge (< and <=, > and >=), one mutant per
operator, the whole source line as the text to replace (lines that occur twice in a file are
skipped, and so are comments, string literals' contents and `for ... where` ranges written with
..< or ...). The escapes of the blind mutant sets were mostly of this kind: a rule's edge
(`>=` against `>`) that no test touched exactly.

Usage: python3 bench/boundary-mutants.py FILTER Sources/X.swift [...] > /tmp/catalogue.py
       (FILTER: the `swift test --filter` expression each mutant runs, e.g. "CheckerTests|CLITests")
"""
import re
import sys

FLIP = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}
# An operator between spaces, not part of ->, ..<, <<, >>, generic brackets or a string.
OPERATOR = re.compile(r"(?<=\s)(<=|>=|<|>)(?=\s)")


def code_spans(line):
    """The line with string literals blanked out, so operators inside them are not mutated."""
    out, quoted, escaped = [], False, False
    for ch in line:
        if quoted:
            out.append(" " if ch != '"' or escaped else '"')
            if ch == '"' and not escaped:
                quoted = False
            escaped = ch == "\\" and not escaped
        else:
            out.append(ch)
            if ch == '"':
                quoted = True
    return "".join(out)


def mutants(path, test_filter):
    lines = open(path).read().split("\n")
    counts = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    module = path.split("/")[1]
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("//") or counts[line] > 1 or "precondition" in line:
            continue
        code = code_spans(line.split("//")[0] if "//" in line and '"' not in line else line)
        for match in OPERATOR.finditer(code):
            op = match.group(1)
            new = line[: match.start()] + FLIP[op] + line[match.end():]
            name = f"{path.split('/')[-1]}:{number}:{match.start() + 1}: `{op}` -> `{FLIP[op]}` in `{stripped[:90]}`"
            yield (name, module, path, line, new, test_filter)


if __name__ == "__main__":
    test_filter, files = sys.argv[1], sys.argv[2:]
    print("# Boundary mutants (bench/boundary-mutants.py): " + " ".join(files))
    print("M = [")
    for f in files:
        for m in mutants(f, test_filter):
            print("    " + repr(m) + ",")
    print("]")
