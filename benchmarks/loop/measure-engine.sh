#!/usr/bin/env bash
# The fast loop's cost, from saving an exercise file to the verdict: `tcpkata watch` (warm engine), a one-shot
# `tcpkata test` and `dotnet test --filter`, each after the same one-line edit, measured alternately in one run so that all
# see the same machine state. Prints each round and the medians.  Usage: benchmarks/loop/measure-engine.sh [ROUNDS] (default 8)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-8}
file=exercises/01-client-handshake/ClientHandshake.cs
exercise=ClientHandshake
state=$(mktemp -d)
log=$state/watch.log
export TCPKATA_STATE_DIR=$state
cleanup() { [[ -n "${watch:-}" ]] && kill "$watch" 2>/dev/null; git checkout -q -- "$file"; rm -rf "$state"; }
trap cleanup EXIT

# The reference code in place, so that the tests run their whole course rather than stopping at a stub.
[[ -f solutions/01-client-handshake/ClientHandshake.cs ]] && cp solutions/01-client-handshake/ClientHandshake.cs "$file"
dotnet build cli -v q -nologo > /dev/null
tcpkata=(dotnet cli/bin/Debug/net10.0/tcpkata.dll)
dotnet test --filter "$exercise" > /dev/null 2>&1 || true      # warm each once
"${tcpkata[@]}" test "$exercise" > /dev/null || true
"${tcpkata[@]}" watch "$exercise" > "$log" 2>&1 & watch=$!
verdicts() { grep -c "waiting for a save" "$log" || true; }
until [[ $(verdicts) -ge 1 ]]; do sleep 0.05; done

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
w=(); t=(); d=()
for i in $(seq 1 "$rounds"); do
  seen=$(verdicts); start=$(now)
  echo "// watch round $i" >> "$file"
  until [[ $(verdicts) -gt $seen ]]; do sleep 0.01; done
  w+=("$(since "$start")")
  echo "// test round $i" >> "$file"; start=$(now)
  "${tcpkata[@]}" test "$exercise" > /dev/null || true
  t+=("$(since "$start")")
  echo "// dotnet test round $i" >> "$file"; start=$(now)
  dotnet test --filter "$exercise" > /dev/null 2>&1 || true
  d+=("$(since "$start")")
  printf 'round %d: watch %.2f s, tcpkata test %.2f s, dotnet test --filter %.2f s\n' "$i" "${w[-1]}" "${t[-1]}" "${d[-1]}"
done
mw=$(printf '%s\n' "${w[@]}" | median); mt=$(printf '%s\n' "${t[@]}" | median); md=$(printf '%s\n' "${d[@]}" | median)
printf 'median: watch %.2f s, tcpkata test %.2f s, dotnet test --filter %.2f s; dotnet test / watch %.1fx, dotnet test / tcpkata test %.1fx\n' \
  "$mw" "$mt" "$md" "$(echo "$md / $mw" | bc -l)" "$(echo "$md / $mt" | bc -l)"
