#!/usr/bin/env bash
# Runs a mutant catalogue (the format of bench/mutants.py: a list M of (name, module, file, old,
# new, test filter)) in a persistent clone that is built once, in two stages per mutant:
#   1. the catalogue's test filter (the suites nearest the mutated code; for a catalogue written
#      for the whole suite, filter ".", the mutated module's own test targets): caught there by an
#      assertion means caught by the suite, since every test also runs in the whole suite;
#   2. otherwise the whole suite (`swift test`, CI=1), so a survivor survived everything.
# Each row is classified by bench/classify-mutant-log.py (by assertions / only by a golden file /
# only by a crash). A few seconds to build per mutant after the first build (minutes), then the
# stages' test time. Run like a benchmark, not in CI.
# Usage: MUTANT_FILE=bench/independent-mutants-7.py bash bench/run-mutants-staged.sh
#        MUTANTS="3 5" ... (entries counted from 0)   AT=<commit> ... (the commit to test; default HEAD)
#        WORK=/tmp/dir ... (the clone; default /tmp/margin-oracle-mutants, reused between runs)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
catalogue="$(realpath "${MUTANT_FILE:-$root/bench/mutants.py}")"
work="${WORK:-/tmp/margin-oracle-mutants}"
at="$(git -C "$root" rev-parse "${AT:-HEAD}")"
logs="$root/bench/mutant-logs/$(basename "$catalogue" .py)"
mkdir -p "$logs"
[ -d "$work/.git" ] || git clone -q "$root" "$work"
git -C "$work" fetch -q "$root" "$at" && git -C "$work" checkout -q --detach "$at" && git -C "$work" checkout -q -- .
cd "$work"
load="import os; os.chdir('$work'); exec(open('$catalogue').read())"
field() { python3 -c "$load; print(M[$1][$2])"; }
count=$(python3 -c "$load; print(len(M))")
swift build --build-tests > /dev/null 2>&1 || { echo "the unmutated package does not build"; exit 2; }
echo "| # | module | mutant | verdict | how | failing assertion sites | stage |"
echo "|---|---|---|---|---|---|---|"
for i in ${MUTANTS:-$(seq 0 $((count - 1)))}; do
    module=$(field "$i" 1)
    name=$(field "$i" 0)
    filter=$(field "$i" 5)
    file=$(field "$i" 2)
    if [ "$filter" = "." ]; then
        # A catalogue written for the whole suite: stage 1 runs the mutated module's own test targets.
        case "$module" in
            Checker | StrictJSON | Exact) filter="CheckerTests|CLITests" ;;
            Oracle) filter="OracleTests" ;;
            Trainer) filter="TrainerTests" ;;
            FixtureKit) filter="FixtureTests" ;;
            Claims) filter="PropertyTests" ;;
            MarginOracleCLI) filter="CLITests" ;;
        esac
    fi
    if ! python3 -c "
$load; name, module, f, old, new, flt = M[$i]
s = open(f).read(); assert s.count(old) == 1, name; open(f, 'w').write(s.replace(old, new))" 2> /dev/null; then
        echo "| $i | $module | $name | not applied | the text is not found exactly once | - | - |"
        continue
    fi
    log="$logs/mutant-$i.log"
    if ! swift build --build-tests > "$log" 2>&1; then
        echo "| $i | $module | $name | caught | compile error | - | build |"
        git checkout -q -- "$file"
        continue
    fi
    stage="1 ($filter)"
    CI=1 swift test --skip-build --filter "$filter" >> "$log" 2>&1
    rc=$?
    IFS=$'\t' read -r verdict how sites < <(python3 "$root/bench/classify-mutant-log.py" "$log" "$rc" "$work/Tests")
    if [ "$filter" != "." ] && { [ "$verdict" != "caught" ] || [ "${how#assertions}" = "$how" ]; }; then
        stage="2 (whole suite)"
        CI=1 swift test --skip-build > "$log.whole" 2>&1
        rc=$?
        cat "$log.whole" >> "$log" && rm -f "$log.whole"
        IFS=$'\t' read -r verdict how sites < <(python3 "$root/bench/classify-mutant-log.py" "$log" "$rc" "$work/Tests")
    fi
    echo "| $i | $module | $name | $verdict | $how | $sites | $stage |"
    git checkout -q -- "$file"
done
