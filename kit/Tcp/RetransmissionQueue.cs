namespace TcpKata;

/// <summary>
/// Segments sent but not yet acknowledged, oldest first. Only the oldest is ever retransmitted on a
/// timeout (RFC 6298 (5.4)), so one flag is enough for Karn's rule: never time a retransmitted segment.
/// </summary>
internal sealed class RetransmissionQueue
{
    private readonly Queue<(Segment Segment, TimeSpan SentAt)> _segments = new();

    public int Count => _segments.Count;

    public bool OldestWasRetransmitted { get; private set; }

    public void Add(in Segment segment, TimeSpan sentAt) => _segments.Enqueue((segment, sentAt));

    public bool TryPeekOldest(out Segment segment)
    {
        var found = _segments.TryPeek(out var entry);
        segment = entry.Segment;
        return found;
    }

    public void MarkOldestRetransmitted() => OldestWasRetransmitted = true;

    /// <summary>Drops every segment wholly below <paramref name="sndUna"/>. Returns how many went and,
    /// when Karn's rule allows, an RTT sample from the oldest of them.</summary>
    public int RemoveAcknowledged(SeqNum sndUna, TimeSpan now, out TimeSpan? rttSample)
    {
        rttSample = null;
        var removed = 0;
        while (_segments.TryPeek(out var entry) && entry.Segment.End <= sndUna)
        {
            if (removed == 0 && !OldestWasRetransmitted) rttSample = now - entry.SentAt;
            _segments.Dequeue();
            OldestWasRetransmitted = false;
            removed++;
        }
        return removed;
    }

    public void Clear()
    {
        _segments.Clear();
        OldestWasRetransmitted = false;
    }
}
