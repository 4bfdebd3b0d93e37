using System.Globalization;
using System.Text.RegularExpressions;

namespace TcpKata.Tracing;

/// <summary>
/// Reads a text trace (what <see cref="Trace.Render"/> writes, e.g. a verified snapshot) back into a <see cref="Trace"/>, so
/// that an expected trace can be drawn and stepped through like a run's: <c>Parse(t.Render()).Render() == t.Render()</c>.
/// The text keeps no TCBs, payload bytes or raw sequence numbers: the numbers come back as written (relative ones
/// render the same), each payload as that many zero bytes.
/// </summary>
public static partial class TraceText
{
    [GeneratedRegex(@"^(?<time>\d+\.\d{6}) (?<rest>.*)$")]
    private static partial Regex Line();

    [GeneratedRegex(@"^(?:(?<fault>lost|duplicated|delayed) )?(?<src>\S+)\.(?<sport>\d+) > (?<dst>\S+)\.(?<dport>\d+): Flags \[(?<flags>[^\]]*)\](?:, seq (?<seq>\d+)(?::(?<end>\d+))?)?(?:, ack (?<ack>\d+))?, win (?<win>\d+)(?:, options \[mss (?<mss>\d+)\])?, length (?<len>\d+)(?: \((?<why>.*)\))?$")]
    private static partial Regex SegmentLine();

    [GeneratedRegex(@"^(?<from>[A-Z_0-9]+) -> (?<to>[A-Z_0-9]+)$")]
    private static partial Regex StateChange();

    [GeneratedRegex(@"^\w+\(")]
    private static partial Regex Call();

    /// <param name="text">the trace</param>
    /// <param name="file">where it came from, for errors ("ScenarioTests.Trace_close.verified.txt")</param>
    /// <exception cref="FormatException">a line that is not a trace line, naming the file and line</exception>
    public static Trace Parse(string text, string file = "trace")
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var trace = new Trace();
        var addresses = new Dictionary<string, uint>();
        // Hosts are known by the segments they send and receive; a line "client.49152 ..." is then a connection of client's.
        foreach (var line in lines)
            if (Line().Match(line) is { Success: true } m && SegmentLine().Match(m.Groups["rest"].Value) is { Success: true } s)
                foreach (var host in new[] { s.Groups["src"].Value, s.Groups["dst"].Value })
                    Address(host);
        var next = new Dictionary<(Endpoint, Endpoint), SeqNum>();
        for (var n = 0; n < lines.Length; n++)
        {
            if (lines[n].Length == 0) continue;
            var m = Line().Match(lines[n]);
            if (!m.Success) throw new FormatException($"{file}:{n + 1}: not a trace line (it should start with the time in seconds, \"1.000000 \"): {lines[n]}");
            var time = TimeSpan.FromTicks((long)Math.Round(double.Parse(m.Groups["time"].Value, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond));
            var rest = m.Groups["rest"].Value;
            if (SegmentLine().Match(rest) is { Success: true } seg)
            {
                var segment = Segment(seg, next, file, n);
                var host = trace.HostName(segment.Source.Address);
                var (kind, why) = seg.Groups["fault"].Value switch
                {
                    "lost" => (TraceKind.Dropped, seg.Groups["why"].Value),
                    "duplicated" => (TraceKind.Duplicated, seg.Groups["why"].Value),
                    "delayed" => (TraceKind.Delayed, seg.Groups["why"].Value),
                    _ when seg.Groups["why"].Value == "arrives" => (TraceKind.Delivered, ""),
                    _ when seg.Groups["why"].Success => throw new FormatException($"{file}:{n + 1}: a segment line ends with \"({seg.Groups["why"].Value})\", which only a lost, duplicated or delayed one has"),
                    _ => (TraceKind.Sent, ""),
                };
                trace.Add(new TraceEvent(time, kind, kind == TraceKind.Delivered ? trace.HostName(segment.Destination.Address) : host, why, segment));
                continue;
            }
            var space = rest.IndexOf(' ');
            var (who, what) = space < 0 ? (rest, "") : (rest[..space], rest[(space + 1)..]);
            if (!addresses.ContainsKey(who) && Endpoint(who) is { } local)
            {
                var state = StateChange().Match(what);
                var entered = state.Success ? StateNamed(state.Groups["to"].Value) : null;
                trace.Add(new TraceEvent(time, entered is null ? TraceKind.Timer : TraceKind.State, trace.HostName(local.Address), what, Local: local, NewState: entered));
            }
            else
            {
                Address(who);
                trace.Add(new TraceEvent(time, Call().IsMatch(what) ? TraceKind.App : TraceKind.Note, who, what));
            }
        }
        return trace;

        uint Address(string host)
        {
            if (addresses.TryGetValue(host, out var known)) return known;
            var address = 0x0AFF0001u + (uint)addresses.Count; // 10.255.0.1, 10.255.0.2, ...: the names are what the text keeps
            addresses[host] = address;
            trace.NameHost(address, host);
            return address;
        }

        Endpoint? Endpoint(string token)
        {
            var dot = token.LastIndexOf('.');
            return dot > 0 && ushort.TryParse(token[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && addresses.ContainsKey(token[..dot])
                ? new Endpoint(Address(token[..dot]), port)
                : null;
        }

        Segment Segment(Match s, Dictionary<(Endpoint, Endpoint), SeqNum> nextSeq, string file, int n)
        {
            var source = new Endpoint(Address(s.Groups["src"].Value), ushort.Parse(s.Groups["sport"].Value, CultureInfo.InvariantCulture));
            var destination = new Endpoint(Address(s.Groups["dst"].Value), ushort.Parse(s.Groups["dport"].Value, CultureInfo.InvariantCulture));
            var flagsText = s.Groups["flags"].Value;
            if (!TcpFlagsNotation.TryParse(flagsText == "none" ? "-" : flagsText, out var flags, out var error))
                throw new FormatException($"{file}:{n + 1}: {error}");
            // A bare ACK shows no seq (as in tcpdump): it carries the next one of its direction.
            var seq = s.Groups["seq"].Success ? new SeqNum(uint.Parse(s.Groups["seq"].Value, CultureInfo.InvariantCulture))
                : nextSeq.TryGetValue((source, destination), out var after) ? after : new SeqNum(0);
            var ack = s.Groups["ack"].Success ? new SeqNum(uint.Parse(s.Groups["ack"].Value, CultureInfo.InvariantCulture)) : default;
            var mss = s.Groups["mss"].Success ? ushort.Parse(s.Groups["mss"].Value, CultureInfo.InvariantCulture) : (ushort)0;
            var segment = new Segment(source, destination, seq, ack, flags, ushort.Parse(s.Groups["win"].Value, CultureInfo.InvariantCulture), mss,
                new byte[int.Parse(s.Groups["len"].Value, CultureInfo.InvariantCulture)]);
            nextSeq[(source, destination)] = segment.End;
            return segment;
        }
    }

    private static TcpState? StateNamed(string name) =>
        Enum.GetValues<TcpState>().Select(s => (TcpState?)s).FirstOrDefault(s => s!.Value.ToTraceName() == name);
}
