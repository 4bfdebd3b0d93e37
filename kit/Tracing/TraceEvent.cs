namespace TcpKata.Tracing;

public enum TraceKind
{
    /// <summary>A host put a segment on the wire.</summary>
    Sent,
    /// <summary>A segment reached its destination host.</summary>
    Delivered,
    /// <summary>The network lost a segment (random loss, a scripted fault, no such host).</summary>
    Dropped,
    /// <summary>The network delivered an extra copy.</summary>
    Duplicated,
    /// <summary>A scripted fault held a segment back.</summary>
    Delayed,
    /// <summary>A connection changed state.</summary>
    State,
    /// <summary>A timer fired.</summary>
    Timer,
    /// <summary>An application called the socket API, or a call returned.</summary>
    App,
    /// <summary>Anything else worth reading: a full accept queue, a segment to a closed port.</summary>
    Note,
}

/// <summary>
/// One line of a trace, kept structured so it can be drawn as text, a ladder or a pcap. A state event
/// carries the state entered in <c>NewState</c>; a segment event the segment.
/// </summary>
public sealed record TraceEvent(TimeSpan Time, TraceKind Kind, string Host, string Text, Segment Segment = default, Endpoint Local = default,
    TcpState? NewState = null)
{
    public bool HasSegment => Kind is TraceKind.Sent or TraceKind.Delivered or TraceKind.Dropped or TraceKind.Duplicated or TraceKind.Delayed;
}

/// <summary>One call of a student's handler: which, why, where and when, and the trace events recorded while it ran
/// (from <see cref="FirstEvent"/> up to, not including, <see cref="EndEvent"/>; null while it runs).</summary>
public sealed record HandlerRun(string Handler, string When, string Host, TimeSpan Time, int FirstEvent)
{
    public int? EndEvent { get; set; }

    public override string ToString() => $"{Handler} ({When}, {Host} at {Trace.FormatTime(Time)} s)";
}
