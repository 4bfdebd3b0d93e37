#!/usr/bin/env bash
# Writes a class of 100 synthetic submissions into OUT (one folder each), from the reference solutions:
# 60 correct, 25 broken in the typical ways (ack without +1, no TIME_WAIT, never closing on a zero-byte
# receive, not compiling) and 15 hostile (a loop that never ends, a stack overflow, Environment.Exit, a flood
# of output, reading another student's files). Usage: benchmarks/grading/make-class.sh OUT
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: make-class.sh OUT}
mkdir -p "$out"

student() { # student NAME FILE-TO-EDIT SED-EXPRESSION
  local dir="$out/$1"
  mkdir -p "$dir/exercises"
  cp -r "$root/solutions/." "$dir/exercises/"
  rm -rf "$dir/exercises/bin" "$dir/exercises/obj" "$dir/exercises/TcpKata.Solutions.csproj"
  if [ -n "${2:-}" ]; then
    local before; before=$(md5sum < "$dir/exercises/$2")
    sed -i "$3" "$dir/exercises/$2"
    [ "$before" != "$(md5sum < "$dir/exercises/$2")" ] || { echo "make-class: the edit for $1 changed nothing" >&2; exit 1; }
  fi
}
first() { # first NAME FILE HANDLER CODE: CODE becomes the handler's first statement
  student "$1" "$2" "/ $3(/,/{/ s/{/{ $4/"
}

for i in $(seq -w 1 60); do student "correct-$i"; done
for i in $(seq -w 1 10); do student "ack-without-plus-one-$i" 01-client-handshake/ClientHandshake.cs 's/c.RcvNxt = seg.Seq + 1;/c.RcvNxt = seg.Seq;/'; done
for i in $(seq -w 1 5); do student "no-time-wait-$i" 04-active-close/ActiveClose.cs 's/c.State = TcpState.TimeWait;/c.State = TcpState.Closed;/'; done
for i in $(seq -w 1 5); do student "never-closes-$i" 06-echo-server/EchoServer.cs 's/using var socket = connection;/var socket = connection;/'; done
for i in $(seq -w 1 5); do student "not-compiling-$i" 03-passive-close/PassiveClose.cs 's/c.State = TcpState.CloseWait;/c.State = TcpState.CloseWait/'; done
for i in $(seq -w 1 3); do first "infinite-loop-$i" 06-echo-server/EchoServer.cs ServeAsync 'while (connection.Connected || !connection.Connected) { }'; done
for i in $(seq -w 1 3); do first "stack-overflow-$i" 07-short-vs-long/RequestClient.cs RunShortAsync 'static int Down(int n) => Down(n + 1) + 1; Down(0);'; done
for i in $(seq -w 1 3); do first "environment-exit-$i" 07-short-vs-long/RequestClient.cs RunLongAsync 'Environment.Exit(3);'; done
for i in $(seq -w 1 3); do first "huge-output-$i" 05-resets-and-retries/ResetHandling.cs OnReset "for (;;) Console.Write(new string('x', 1 << 20));"; done
for i in $(seq -w 1 3); do student "file-snooping-$i" 01-client-handshake/ClientHandshake.cs 's|c.Iss = c.NewIsn();|c.Iss = c.NewIsn(); _ = File.ReadAllText("../correct-01/exercises/01-client-handshake/ClientHandshake.cs");|'; done
echo "wrote $(ls "$out" | wc -l) submissions to $out"
