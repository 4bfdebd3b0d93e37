namespace TcpKata.Scripts;

/// <summary>
/// How a packetdrill script is played, event by event, whatever plays the local host (the kit's simulation, or Linux
/// through a TUN device): "+t" counts from the last event, an outbound segment given a range or * moves that count to
/// when it was sent, and a call allowed to block (START...END) is finished before the next call.
/// </summary>
public abstract class PktPlayer
{
    /// <summary>The script time the next "+t" counts from.</summary>
    protected TimeSpan LastEventTime { get; private set; }

    /// <summary>
    /// The live clock, where the local host runs in real time (the kernel). As packetdrill does (run.c,
    /// adjust_relative_event_times), a "+t" then counts from when its event is reached, so that a slow system call does not
    /// make everything after it late; only an inbound segment after an inbound segment counts from the first one's time.
    /// Null where time is the script's own (the kit's simulation, where reaching an event takes no time).
    /// </summary>
    protected virtual TimeSpan? LiveNow => null;

    // Where the current event's "+t" counts from, and whether the last event was an inbound segment.
    private TimeSpan _anchor;
    private bool _lastWasInbound;

    /// <summary>Lets the local host run up to a script time.</summary>
    protected abstract void WaitUntil(TimeSpan time);

    /// <summary>Hands the local host a segment from the script's remote end.</summary>
    protected abstract void Inject(PktPacket segment);

    /// <summary>Takes the local host's next segment and holds it against the line; returns when it was sent.</summary>
    protected abstract TimeSpan Expect(PktPacket segment, TimeSpan start, TimeSpan end);

    /// <summary>Makes a system call; one allowed to block is left pending.</summary>
    protected abstract void Call(PktSyscall call, TimeSpan start);

    /// <summary>Finishes the pending call if it has returned.</summary>
    protected abstract void CheckPendingCompleted();

    /// <summary>Waits for the pending call, if any, and checks it.</summary>
    protected abstract void FinishPending();

    protected void Step(PktEvent e)
    {
        CheckPendingCompleted();
        var inbound = e is PktPacket { Inbound: true };
        _anchor = LiveNow is { } now && !(inbound && _lastWasInbound) ? now : LastEventTime;
        _lastWasInbound = inbound;
        var (start, end) = Window(e.Time);
        switch (e)
        {
            case PktPacket { Inbound: true } inject:
                WaitUntil(start);
                Inject(inject);
                LastEventTime = start;
                break;
            case PktPacket expect:
                var sentAt = Expect(expect, start, end);
                // Like packetdrill: later "+t" count from the script's time, or from when it happened for * and ranges.
                LastEventTime = expect.Time.Kind is PktTimeKind.Absolute or PktTimeKind.Relative ? start : sentAt;
                break;
            case PktSyscall call:
                FinishPending();
                WaitUntil(start);
                Call(call, start);
                LastEventTime = start;
                break;
        }
    }

    /// <summary>When a blocking call must have returned by: END is relative when the call's time is.</summary>
    protected TimeSpan BlockingEnd(PktSyscall call, TimeSpan end) => call.Time.Kind == PktTimeKind.Relative ? _anchor + end : end;

    private (TimeSpan Start, TimeSpan End) Window(PktTime t) => t.Kind switch
    {
        PktTimeKind.Absolute => (t.Start, t.Start),
        PktTimeKind.Relative => (_anchor + t.Start, _anchor + t.Start),
        PktTimeKind.AbsoluteRange => (t.Start, t.End),
        PktTimeKind.RelativeRange => (_anchor + t.Start, _anchor + t.End),
        _ => (TimeSpan.MinValue, TimeSpan.MaxValue),
    };
}
