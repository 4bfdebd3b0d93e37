using System.Globalization;
using TcpKata.Tracing;

namespace TcpKata.Scripts;

/// <summary>
/// What a script expects, as a trace: its segments both ways and its calls, each at the time the script gives it, played
/// by the same rules as a run (<see cref="PktPlayer"/>), so that a failure page can draw the script's ladder beside the
/// run's. Numbers are the script's (relative to each side's ISN, as the run's ladder shows them); <see cref="Lines"/> says
/// which script line each event is.
/// </summary>
public sealed class PktExpectedTrace : PktPlayer
{
    private readonly Endpoint _local;
    private readonly Endpoint _remote;
    private readonly List<int> _lines = [];
    private TimeSpan _now;

    public Trace Trace { get; } = new();

    /// <summary>The script line of each of <see cref="Trace"/>'s events.</summary>
    public IReadOnlyList<int> Lines => _lines;

    /// <param name="script">the script</param>
    /// <param name="run">a run of it: its local and remote ends (the ports the local host chose) are used, so the two agree</param>
    public PktExpectedTrace(PktScript script, Trace? run = null)
    {
        var local = Endpoint.ParseAddress(PktParser.LocalAddress);
        var remote = Endpoint.ParseAddress(PktParser.RemoteAddress);
        var first = run?.Events.FirstOrDefault(e => e.Kind == TraceKind.Sent && e.Segment.Source.Address == local);
        _local = first is { } sent ? sent.Segment.Source : new Endpoint(local, 8080);
        _remote = first is { } s ? s.Segment.Destination : new Endpoint(remote, 40000);
        Trace.NameHost(local, "local");
        Trace.NameHost(remote, "remote");
        foreach (var e in script.Events) Step(e);
    }

    /// <summary>The event of script line <paramref name="line"/>, or the last one before it.</summary>
    public int EventOfLine(int line)
    {
        var index = _lines.FindIndex(l => l == line);
        return index >= 0 ? index : Math.Max(0, _lines.FindLastIndex(l => l < line));
    }

    protected override void WaitUntil(TimeSpan time)
    {
        if (time > _now) _now = time;
    }

    protected override void Inject(PktPacket p) =>
        Add(p, new Segment(p.SourcePort is { } sp ? _remote with { Port = sp } : _remote, p.DestinationPort is { } dp ? _local with { Port = dp } : _local,
            new SeqNum(p.StartSeq), new SeqNum(p.Ack ?? 0), p.Flags, (ushort)(p.Window ?? 0), Mss(p), new byte[p.PayloadLength]));

    protected override TimeSpan Expect(PktPacket p, TimeSpan start, TimeSpan end)
    {
        // "*" (any time) is drawn where the script is; a range at its start.
        if (start != TimeSpan.MinValue) WaitUntil(start);
        Add(p, new Segment(_local, _remote, new SeqNum(p.StartSeq), new SeqNum(p.Ack ?? 0), p.Flags, (ushort)(p.Window ?? 0), Mss(p), new byte[p.PayloadLength]));
        return _now;
    }

    protected override void Call(PktSyscall call, TimeSpan start)
    {
        var result = call.Errno is null ? call.Result.ToString(CultureInfo.InvariantCulture) : $"-1 {call.Errno}";
        Trace.Add(new TraceEvent(_now, TraceKind.App, "local", $"{call.Name}({string.Join(", ", call.Arguments)}) = {result}"));
        _lines.Add(call.Line);
    }

    protected override void CheckPendingCompleted() { }

    protected override void FinishPending() { }

    private void Add(PktPacket p, Segment segment)
    {
        Trace.Add(new TraceEvent(_now, TraceKind.Sent, p.Inbound ? "remote" : "local", "", segment));
        _lines.Add(p.Line);
    }

    private static ushort Mss(PktPacket p) => (ushort)(p.Options?.FirstOrDefault(o => o.Kind == "mss")?.Value ?? 0);
}
