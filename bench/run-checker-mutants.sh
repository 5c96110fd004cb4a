#!/usr/bin/env bash
# Runs every mutant of bench/checker-mutants.py against the checker's tests, one at a time, in a
# scratch git worktree of HEAD (the working tree is never touched). Prints one Markdown row per
# mutant: caught or survived, the number of assertion failures, and whether a crash was involved.
# Usage: bash bench/run-checker-mutants.sh [TEST_FILTER]   (about 90 s per mutant on 2 cores)
#        MUTANTS="3 7" bash bench/run-checker-mutants.sh    (only those entries, counted from 0)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
filter="${1:-CheckerTests|DatasetLoaderTests}"
work="$(mktemp -d)/mutants"
git -C "$root" worktree add -q --detach "$work" HEAD
trap 'git -C "$root" worktree remove --force "$work"' EXIT
cd "$work"
count=$(python3 -c "exec(open('bench/checker-mutants.py').read()); print(len(M))")
echo "| mutant | verdict | assertion failures | crash |"
echo "|---|---|---|---|"
for i in ${MUTANTS:-$(seq 0 $((count - 1)))}; do
    name=$(python3 -c "exec(open('bench/checker-mutants.py').read()); print(M[$i][0])")
    python3 -c "
exec(open('bench/checker-mutants.py').read()); name, f, old, new = M[$i]
s = open(f).read(); assert s.count(old) == 1, name; open(f, 'w').write(s.replace(old, new))"
    CI=1 swift test --filter "$filter" > "$work/mutant-$i.log" 2>&1
    rc=$?
    failures=$(grep -c "recorded an issue" "$work/mutant-$i.log")
    crash=$(grep -c "Fatal error\|Signal \|Program crashed" "$work/mutant-$i.log")
    verdict=$([ $rc -ne 0 ] && [ "$failures" -gt 0 ] && echo caught || echo "**survived**")
    echo "| $name | $verdict | $failures | $([ "$crash" -gt 0 ] && echo yes || echo no) |"
    git checkout -q -- Sources
done
