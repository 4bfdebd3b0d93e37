namespace TcpKata;

/// <summary>
/// One TCP segment with the header fields of RFC 9293 §3.1 that the kit models: ports (in the
/// endpoints), sequence and acknowledgment numbers, control bits, window, the MSS option, payload.
/// A value type: delivering a segment through the fake network allocates nothing.
/// </summary>
public readonly struct Segment
{
    public Segment(Endpoint source, Endpoint destination, SeqNum seq, SeqNum ack, TcpFlags flags,
        ushort window, ushort mss = 0, ReadOnlyMemory<byte> payload = default)
    {
        Source = source;
        Destination = destination;
        Seq = seq;
        Ack = ack;
        Flags = flags;
        Window = window;
        Mss = mss;
        Payload = payload;
    }

    public Endpoint Source { get; }
    public Endpoint Destination { get; }

    /// <summary>SEG.SEQ: the sequence number of the first octet (or of the SYN/FIN).</summary>
    public SeqNum Seq { get; }

    /// <summary>SEG.ACK: the next sequence number the sender expects; meaningful only when the ACK bit is set.</summary>
    public SeqNum Ack { get; }

    public TcpFlags Flags { get; }

    /// <summary>SEG.WND, unscaled (the kit does not negotiate window scaling).</summary>
    public ushort Window { get; }

    /// <summary>The Maximum Segment Size option (RFC 9293 §3.7.1), or 0 when absent. Only SYNs carry it.</summary>
    public ushort Mss { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    public bool IsSyn => (Flags & TcpFlags.Syn) != 0;
    public bool IsAck => (Flags & TcpFlags.Ack) != 0;
    public bool IsFin => (Flags & TcpFlags.Fin) != 0;
    public bool IsRst => (Flags & TcpFlags.Rst) != 0;

    /// <summary>
    /// SEG.LEN: the sequence space the segment occupies. SYN and FIN each count as one octet
    /// (RFC 9293 §3.4): that is why the reply acknowledges ISN + 1.
    /// </summary>
    public int Length => Payload.Length + (IsSyn ? 1 : 0) + (IsFin ? 1 : 0);

    /// <summary>The sequence number just after this segment: SEG.SEQ + SEG.LEN.</summary>
    public SeqNum End => Seq + Length;

    public Segment WithDestination(Endpoint destination) =>
        new(Source, destination, Seq, Ack, Flags, Window, Mss, Payload);

    public override string ToString() =>
        $"{Source} > {Destination} Flags [{Flags.ToTcpdump()}] seq {Seq}" +
        (IsAck ? $" ack {Ack}" : "") + $" win {Window}" + (Mss != 0 ? $" <mss {Mss}>" : "") + $" length {Payload.Length}";
}
