#!/usr/bin/env bash
# Runs the mutants of bench/mutants.py (every module; the checker's come from
# bench/checker-mutants.py) one at a time in a scratch git worktree of HEAD (the working tree is
# never touched), each against its module's test targets. Prints one Markdown row per mutant:
# caught or survived, how (by assertions / only by the golden-file regeneration test / only by a
# crash), and the first tests whose assertions failed. Run like a benchmark, not in CI: a few
# minutes per mutant on 2 cores.
# Usage: bash bench/run-mutants.sh                  (all)
#        MUTANTS="25 30" bash bench/run-mutants.sh  (those entries, counted from 0)
#        MODULE=Trainer bash bench/run-mutants.sh   (one module's)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)/mutants"
git -C "$root" worktree add -q --detach "$work" HEAD
trap 'git -C "$root" worktree remove --force "$work"' EXIT
cd "$work"
field() { python3 -c "exec(open('bench/mutants.py').read()); print(M[$1][$2])"; }
count=$(python3 -c "exec(open('bench/mutants.py').read()); print(len(M))")
swift build --build-tests > /dev/null 2>&1 || { echo "the unmutated package does not build"; exit 2; }
echo "| # | module | mutant | verdict | how | failing tests |"
echo "|---|---|---|---|---|---|"
for i in ${MUTANTS:-$(seq 0 $((count - 1)))}; do
    module=$(field "$i" 1)
    if [ -n "${MODULE:-}" ] && [ "$module" != "$MODULE" ]; then continue; fi
    name=$(field "$i" 0)
    filter=$(field "$i" 5)
    python3 -c "
exec(open('bench/mutants.py').read()); name, module, f, old, new, flt = M[$i]
s = open(f).read(); assert s.count(old) == 1, name; open(f, 'w').write(s.replace(old, new))"
    log="$work/mutant-$i.log"
    if ! swift build --build-tests > "$log" 2>&1; then
        echo "| $i | $module | $name | caught | compile error | - |"
        git checkout -q -- Sources
        continue
    fi
    CI=1 swift test --filter "$filter" >> "$log" 2>&1
    rc=$?
    tests=$(grep -o '✘ Test "[^"]*" recorded an issue' "$log" | sed 's/✘ Test "\(.*\)" recorded an issue/\1/' | sort -u)
    crash=$(grep -c "Fatal error\|Program crashed\|exited with unexpected signal" "$log")
    n=$(printf "%s" "$tests" | grep -c .)
    golden=$(printf "%s" "$tests" | grep -vc "byte-identical")
    if [ $rc -eq 0 ]; then verdict="**survived**"; how="-"
    elif [ "$n" -eq 0 ]; then verdict="caught"; how="only by a crash"
    elif [ "$golden" -eq 0 ]; then verdict="caught"; how="only by the golden files"
    else verdict="caught"; how="assertions ($n tests)$([ "$crash" -gt 0 ] && echo ', and a crash')"; fi
    first=$(printf "%s" "$tests" | grep -v "byte-identical" | head -2 | cut -c1-70 | paste -sd ';' -)
    echo "| $i | $module | $name | $verdict | $how | ${first:--} |"
    git checkout -q -- Sources
done
