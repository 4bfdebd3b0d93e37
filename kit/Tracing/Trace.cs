using System.Globalization;
using System.Text;

namespace TcpKata.Tracing;

/// <summary>
/// Records what happened, in order, with virtual timestamps: segments on the wire, drops, state
/// changes, timers and app calls. Rendered tcpdump-style with relative sequence numbers by default
/// (Wireshark's convention): the first SYN of each direction is sequence 0.
/// </summary>
public sealed class Trace
{
    private readonly List<TraceEvent> _events = [];
    private readonly Dictionary<uint, string> _hostNames = [];
    private readonly List<HandlerRun> _handlerRuns = [];

    /// <summary>When false nothing is recorded (benchmarks and long chaos runs).</summary>
    public bool Enabled { get; set; } = true;

    public IReadOnlyList<TraceEvent> Events => _events;

    /// <summary>Called whenever an event is recorded; the pkt runner uses it to capture segments.</summary>
    public event Action<TraceEvent>? Recorded;

    /// <summary>The name traces and ladders give an address ("local", "remote").</summary>
    public void NameHost(uint address, string name) => _hostNames[address] = name;

    /// <summary>The hosts that were named, by address.</summary>
    public IEnumerable<string> HostNames => _hostNames.OrderBy(h => h.Key).Select(h => h.Value);

    public string HostName(uint address) => _hostNames.TryGetValue(address, out var name) ? name : Endpoint.FormatAddress(address);

    /// <summary>"client.49152": tcpdump's host.port with the host's name.</summary>
    public string Name(Endpoint endpoint) => $"{HostName(endpoint.Address)}.{endpoint.Port}";

    /// <summary>Every handler the kit called, in the order they started: which trace events each produced, so that a
    /// segment or a state change can be traced back to the student's method that made it.</summary>
    public IReadOnlyList<HandlerRun> HandlerRuns => _handlerRuns;

    /// <summary>Notes that a handler starts now (the kit calls it around each handler); returns what to pass to <see cref="HandlerEnded"/>.</summary>
    public HandlerRun? HandlerStarted(string handler, string when, string host, TimeSpan time)
    {
        if (!Enabled) return null;
        var run = new HandlerRun(handler, when, host, time, _events.Count);
        _handlerRuns.Add(run);
        return run;
    }

    public void HandlerEnded(HandlerRun? run)
    {
        if (run is not null) run.EndEvent = _events.Count;
    }

    /// <summary>The handler whose run recorded event <paramref name="index"/> (the innermost, when one handler's work runs
    /// another's); null for what the kit, the app or the network did outside any handler.</summary>
    public HandlerRun? HandlerThatRecorded(int index) =>
        _handlerRuns.LastOrDefault(r => r.FirstEvent <= index && index < (r.EndEvent ?? _events.Count));

    /// <summary>The last handler that ran (on <paramref name="host"/>, or any) before event <paramref name="index"/> was recorded
    /// or while it was: where to look when a segment that should have followed never came.</summary>
    public HandlerRun? LastHandlerBefore(int index, string? host = null) =>
        _handlerRuns.LastOrDefault(r => (host is null || r.Host == host) && r.FirstEvent <= index);

    public void Add(TraceEvent e)
    {
        if (!Enabled) return;
        _events.Add(e);
        Recorded?.Invoke(e);
    }

    public override string ToString() => Render();

    /// <summary>The text trace. <paramref name="absolute"/> prints raw sequence numbers, like tcpdump -S.</summary>
    public string Render(bool absolute = false, bool includeDeliveries = false)
    {
        var sb = new StringBuilder();
        var isns = new Dictionary<(Endpoint, Endpoint), SeqNum>();
        foreach (var e in _events)
        {
            if (e.Kind == TraceKind.Sent && e.Segment.IsSyn)
                isns[(e.Segment.Source, e.Segment.Destination)] = e.Segment.Seq;
            if (e.Kind == TraceKind.Delivered && !includeDeliveries) continue;
            sb.Append(FormatLine(e, absolute ? null : isns)).Append('\n');
        }
        return sb.ToString();
    }

    public string FormatLine(TraceEvent e, IReadOnlyDictionary<(Endpoint, Endpoint), SeqNum>? isns)
    {
        var time = FormatTime(e.Time);
        return e.Kind switch
        {
            TraceKind.Sent => $"{time} {FormatSegment(e.Segment, isns)}",
            TraceKind.Delivered => $"{time} {FormatSegment(e.Segment, isns)} (arrives)",
            TraceKind.Dropped => $"{time} lost {FormatSegment(e.Segment, isns)} ({e.Text})",
            TraceKind.Duplicated => $"{time} duplicated {FormatSegment(e.Segment, isns)} ({e.Text})",
            TraceKind.Delayed => $"{time} delayed {FormatSegment(e.Segment, isns)} ({e.Text})",
            TraceKind.State or TraceKind.Timer => $"{time} {(e.Local == default ? e.Host : Name(e.Local))} {e.Text}",
            _ => $"{time} {e.Host} {e.Text}",
        };
    }

    /// <summary>A duration as traces and messages write it: seconds to the millisecond, no trailing zeros ("0.22", "60").</summary>
    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    public static string FormatTime(TimeSpan t) =>
        (t.Ticks / (double)TimeSpan.TicksPerSecond).ToString("0.000000", CultureInfo.InvariantCulture);

    /// <summary>tcpdump's line for a segment: "client.49152 > server.80: Flags [S], seq 0, win 65535, options [mss 1460], length 0".</summary>
    public string FormatSegment(in Segment s, IReadOnlyDictionary<(Endpoint, Endpoint), SeqNum>? isns)
    {
        var sb = new StringBuilder();
        sb.Append(Name(s.Source)).Append(" > ").Append(Name(s.Destination)).Append(": Flags [").Append(s.Flags.ToTcpdump()).Append(']');
        var seq = Relative(s.Seq, s.Source, s.Destination, isns);
        // Like tcpdump: a bare ACK shows no seq; data shows the range it covers.
        if (s.Payload.Length > 0) sb.Append(", seq ").Append(seq).Append(':').Append(seq + s.Payload.Length);
        else if ((s.Flags & (TcpFlags.Syn | TcpFlags.Fin | TcpFlags.Rst)) != 0 || !s.IsAck) sb.Append(", seq ").Append(seq);
        if (s.IsAck) sb.Append(", ack ").Append(Relative(s.Ack, s.Destination, s.Source, isns));
        sb.Append(", win ").Append(s.Window.ToString(CultureInfo.InvariantCulture));
        if (s.Mss != 0) sb.Append(", options [mss ").Append(s.Mss.ToString(CultureInfo.InvariantCulture)).Append(']');
        sb.Append(", length ").Append(s.Payload.Length.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static SeqNum Relative(SeqNum n, Endpoint from, Endpoint to, IReadOnlyDictionary<(Endpoint, Endpoint), SeqNum>? isns) =>
        isns is not null && isns.TryGetValue((from, to), out var isn) ? new SeqNum(unchecked(n.Value - isn.Value)) : n;
}
