#!/usr/bin/env bash
# Runs the mutants of bench/mutants.py (every module; the checker's come from
# bench/checker-mutants.py) one at a time in a scratch git worktree of HEAD (the working tree is
# never touched), each against its module's test targets. Prints one Markdown row per mutant:
# caught or survived, how (by assertions / only by a golden-file comparison / only by a crash,
# classified by bench/classify-mutant-log.py from the failing assertion sites), and the first
# assertion sites that failed. Run like a benchmark, not in CI: a few minutes per mutant on 2 cores.
# Usage: bash bench/run-mutants.sh                  (all)
#        MUTANTS="25 30" bash bench/run-mutants.sh  (those entries, counted from 0)
#        MODULE=Trainer bash bench/run-mutants.sh   (one module's)
#        MUTANT_FILE=/path/other-mutants.py bash bench/run-mutants.sh  (another catalogue, same format:
#        a list M of (name, module, file, old, new, test filter))
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
catalogue="$(realpath "${MUTANT_FILE:-$root/bench/mutants.py}")"
work="$(mktemp -d)/mutants"
# Each mutant's build and test log is kept here (ignored by git), so a "crash" in the table can be read.
logs="$root/bench/mutant-logs/$(basename "$catalogue" .py)"
mkdir -p "$logs"
git -C "$root" worktree add -q --detach "$work" HEAD
trap 'git -C "$root" worktree remove --force "$work"' EXIT
cd "$work"
load="import os; os.chdir('$work'); exec(open('$catalogue').read())"
field() { python3 -c "$load; print(M[$1][$2])"; }
count=$(python3 -c "$load; print(len(M))")
swift build --build-tests > /dev/null 2>&1 || { echo "the unmutated package does not build"; exit 2; }
echo "| # | module | mutant | verdict | how | failing assertion sites |"
echo "|---|---|---|---|---|---|"
for i in ${MUTANTS:-$(seq 0 $((count - 1)))}; do
    module=$(field "$i" 1)
    if [ -n "${MODULE:-}" ] && [ "$module" != "$MODULE" ]; then continue; fi
    name=$(field "$i" 0)
    filter=$(field "$i" 5)
    if ! python3 -c "
$load; name, module, f, old, new, flt = M[$i]
s = open(f).read(); assert s.count(old) == 1, name; open(f, 'w').write(s.replace(old, new))" 2> /dev/null; then
        echo "| $i | $module | $name | not applied | the text is not found exactly once | - |"
        continue
    fi
    log="$work/mutant-$i.log"
    if ! swift build --build-tests > "$log" 2>&1; then
        cp "$log" "$logs/mutant-$i.log"
        echo "| $i | $module | $name | caught | compile error | - |"
        git checkout -q -- Sources
        continue
    fi
    CI=1 swift test --filter "$filter" >> "$log" 2>&1
    rc=$?
    IFS=$'\t' read -r verdict how sites < <(python3 "$root/bench/classify-mutant-log.py" "$log" "$rc" "$work/Tests")
    cp "$log" "$logs/mutant-$i.log"
    echo "| $i | $module | $name | $verdict | $how | $sites |"
    git checkout -q -- Sources
done
