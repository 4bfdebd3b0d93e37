#!/usr/bin/env bash
# The naive way to grade, for comparison with tcpkata-instructor grade: for each submission, copy the repository, drop
# the submission's exercise files in, and run `dotnet test` there. Usage: naive.sh CLASS-FOLDER [COUNT]
# Times COUNT submissions (default 5) one after another and prints the mean per submission.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
class=${1:?usage: naive.sh CLASS-FOLDER [COUNT]}
count=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && tar --exclude=./.git --exclude='*/bin' --exclude='*/obj' -cf - .) > "$work/pristine.tar"
total=0
for submission in $(ls "$class" | head -n "$count"); do
  start=$(date +%s.%N)
  rm -rf "$work/repo" && mkdir "$work/repo" && tar -xf "$work/pristine.tar" -C "$work/repo"
  cp -r "$class/$submission/exercises/." "$work/repo/exercises/"
  (cd "$work/repo" && dotnet test > "$work/$submission.log" 2>&1) || true
  end=$(date +%s.%N)
  seconds=$(echo "$end - $start" | bc)
  total=$(echo "$total + $seconds" | bc)
  echo "$submission: $seconds s ($(grep -E '^(Passed|Failed)!' "$work/$submission.log" | head -1))"
done
echo "mean: $(echo "scale=2; $total / $count" | bc) s per submission; 100 submissions ≈ $(echo "scale=0; $total * 100 / $count" | bc) s"
