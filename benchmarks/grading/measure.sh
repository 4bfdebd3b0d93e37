#!/usr/bin/env bash
# The grader against the naive way, alternately in one run so that both see the same machine state: each round grades
# the class of 100 (benchmarks/grading/make-class.sh) with tcpkata-instructor grade (each submission in a fresh process
# inside the bubblewrap sandbox, 2 at a time), then grades COUNT of its submissions the naive way (naive.sh: a copy of
# the repository and `dotnet test` each). Prints each round, the medians, and the speed-up per submission.
# Usage: benchmarks/grading/measure.sh [ROUNDS] [COUNT]   (default 2 rounds, 3 naive submissions a round)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-2}
count=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash benchmarks/grading/make-class.sh "$work/class" > /dev/null
dotnet build instructor -c Release -v:q -nologo > /dev/null

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
ours=(); naive=()
for i in $(seq 1 "$rounds"); do
  rm -rf "$work/out"
  start=$(date +%s.%N)
  dotnet instructor/bin/Release/net10.0/tcpkata-instructor.dll grade "$work/class" --out "$work/out" --jobs 2 > "$work/grade.log"
  ours+=("$(echo "$(date +%s.%N) - $start" | bc)")
  grep -q '^sandbox: bubblewrap' "$work/grade.log" || { echo "measure: the class was not graded in the sandbox" >&2; exit 1; }
  naive+=("$(bash benchmarks/grading/naive.sh "$work/class" "$count" | grep -oP '^mean: \K[0-9.]+')")
  echo "round $i: tcpkata-instructor grade, 100 submissions: ${ours[-1]} s; naive: ${naive[-1]} s per submission"
done
o=$(printf '%s\n' "${ours[@]}" | median); n=$(printf '%s\n' "${naive[@]}" | median)
echo "median: 100 submissions in $o s with the sandbox ($(echo "scale=2; $o / 100" | bc) s each); naive $n s each (100 ≈ $(echo "scale=0; $n * 100 / 1" | bc) s)"
echo "speed-up: $(echo "scale=1; $n * 100 / $o" | bc)x"
