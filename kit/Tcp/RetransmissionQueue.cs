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

    /// <summary>
    /// Queues a segment. One that covers exactly the sequence range of the newest queued segment replaces
    /// it: after a simultaneous open the SYN+ACK supersedes the SYN, and that is what must be retransmitted.
    /// </summary>
    public void Add(in Segment segment, TimeSpan sentAt)
    {
        if (_segments.Count > 0 && _newest.Seq == segment.Seq && _newest.End == segment.End)
        {
            // Rare (once per simultaneous open), so rebuilding the queue is fine.
            var kept = _segments.ToArray()[..^1];
            _segments.Clear();
            foreach (var entry in kept) _segments.Enqueue(entry);
        }
        _segments.Enqueue((segment, sentAt));
        _newest = segment;
    }

    private Segment _newest;

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
