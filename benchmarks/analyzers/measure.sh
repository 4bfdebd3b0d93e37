#!/usr/bin/env bash
# Analyzer time on a large generated file: the TCPK rules' cost as the compiler reports it (-p:ReportAnalyzer=true).
# Usage: benchmarks/analyzers/measure.sh [CLASSES]   (default 2000 classes, about 90,000 lines)
# Writes a generated file into a scratch copy of solutions/, builds it once to warm up and once to measure, and
# prints the compiler's per-analyzer execution times. Nothing in the repository is changed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
classes=${1:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && tar --exclude=./.git --exclude='*/bin' --exclude='*/obj' -cf - .) | tar -xf - -C "$work"
file="$work/solutions/Generated.cs"
{
  echo "namespace TcpKata.Exercises.Generated;"
  for i in $(seq "$classes"); do
    cat <<CS
public sealed class Server$i : IPassiveClose
{
    private readonly List<Task> _served = new();
    public async Task RunAsync(TcpSocket listener, int connections)
    {
        for (var i = 0; i < connections; i++)
        {
            var connection = await listener.AcceptAsync();
            _served.Add(ServeAsync(connection));
        }
        await Task.WhenAll(_served);
    }
    public async Task ServeAsync(TcpSocket connection)
    {
        using var socket = connection;
        var buffer = new byte[4096];
        int n;
        while ((n = await socket.ReceiveAsync(buffer)) > 0)
        {
            var reply = n > 10 ? buffer.AsSpan(0, 10) : buffer.AsSpan(0, n);
            socket.Send(reply);
        }
    }
    public int ReadHeader(TcpSocket socket, byte[] header)
    {
        var total = 0;
        while (total < header.Length)
        {
            var n = socket.Receive(header.AsSpan(total));
            if (n == 0) return total;
            total += n;
        }
        return total;
    }
    public void OnFin(Connection c, Segment seg) { c.RcvNxt = seg.End; c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt); c.State = TcpState.CloseWait; }
    public void OnClose(Connection c) { c.Send(TcpFlags.Fin | TcpFlags.Ack, c.SndNxt, c.RcvNxt); c.SndNxt = c.SndNxt + 1; c.State = TcpState.LastAck; }
    public void OnSegmentInLastAck(Connection c, Segment seg) { if (seg.IsAck && seg.Ack == c.SndNxt) c.State = TcpState.Closed; }
    public void OnRetransmissionTimeout(Connection c) { if (c.Retransmissions >= $i) c.State = TcpState.Closed; else c.RetransmitEarliest(); }
}
CS
  done
} > "$file"
echo "generated $(wc -l < "$file") lines, $classes classes, in $file"
cd "$work"
dotnet build solutions/TcpKata.Solutions.csproj -p:Kata=Solutions -nologo -v:q > /dev/null
touch "$file"
dotnet build solutions/TcpKata.Solutions.csproj -p:Kata=Solutions -nologo -v:d -p:ReportAnalyzer=true --no-dependencies --no-restore > "$work/build.log"
# The compiler's report: total analyzer time, then each assembly and analyzer; ours, and the SDK's for scale.
grep -v -- "/reference:" "$work/build.log" | grep -E "Total analyzer execution time|^ +[<0-9.]+ +[<0-9]+ +(TcpKata\.Analyzers|Microsoft\.CodeAnalysis\.(CSharp\.)?NetAnalyzers,)" | sed 's/^ *//' | cut -c1-110
grep -E "^ +[0-9]+ ms +Csc +" "$work/build.log" | sed 's/^ */Csc task: /' | head -1
grep -E "^ *Time Elapsed" "$work/build.log" | sed 's/^ */build (compile + analyzers): /' 
grep -q "Build succeeded" "$work/build.log" || { echo "build failed"; grep -E "error" "$work/build.log" | head; exit 1; }
