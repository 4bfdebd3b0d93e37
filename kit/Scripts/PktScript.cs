namespace TcpKata.Scripts;

/// <summary>
/// A parsed packetdrill script: its options and its events in order; what the simulation skips (shell commands, python
/// blocks), and the shell commands again for a runner that has a shell (the kernel's runs them in its namespace).
/// </summary>
public sealed record PktScript(string File, IReadOnlyDictionary<string, string> Options, IReadOnlyList<PktEvent> Events, IReadOnlyList<string> Skipped,
    IReadOnlyList<PktShellCommand> Shell);

/// <summary>A `shell command` of a script, to be run before the event at index <see cref="BeforeEvent"/> of the events.</summary>
public sealed record PktShellCommand(int Line, string Command, int BeforeEvent);

public enum PktTimeKind
{
    Absolute,
    Relative,
    /// <summary>"*": any time (outbound packets only).</summary>
    Any,
    /// <summary>"a~b" or "+a~+b": a window (outbound packets only).</summary>
    AbsoluteRange,
    RelativeRange,
}

/// <summary>When an event happens, as written: "0", "+.1", "*", "0.1~0.2".</summary>
public sealed record PktTime(PktTimeKind Kind, TimeSpan Start, TimeSpan End);

/// <summary>One line of a script. <see cref="Text"/> is the line as written, for messages.</summary>
public abstract record PktEvent(int Line, string Text, PktTime Time);

/// <summary>"&lt; S 0:0(0) win 32792 &lt;mss 1000,nop,wscale 7&gt;" or "&gt; S. 0:0(0) ack 1 &lt;...&gt;".</summary>
public sealed record PktPacket(int Line, string Text, PktTime Time, bool Inbound, TcpFlags Flags, uint StartSeq, int PayloadLength,
    uint? Ack, int? Window, IReadOnlyList<PktOption>? Options, ushort? SourcePort, ushort? DestinationPort) : PktEvent(Line, Text, Time);

/// <summary>"+0...0.200 accept(3, ..., ...) = 4" or "connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)".</summary>
public sealed record PktSyscall(int Line, string Text, PktTime Time, TimeSpan? BlockingEnd, string Name, IReadOnlyList<string> Arguments,
    long Result, string? Errno) : PktEvent(Line, Text, Time);

/// <summary>
/// A TCP option as written in a script: mss, wscale, sackOK, nop, eol, TS (<see cref="Value"/> is its val,
/// <see cref="Echo"/> its ecr) and sack (its blocks, relative to the receiver's ISN like an ack number).
/// </summary>
public sealed record PktOption(string Kind, long Value = 0, long Echo = 0, IReadOnlyList<(uint Left, uint Right)>? Blocks = null)
{
    public override string ToString() => Kind switch
    {
        "mss" or "wscale" => $"{Kind} {Value}",
        "TS" => $"TS val {Value} ecr {Echo}",
        "sack" when Blocks is { Count: > 0 } => "sack " + string.Join(" ", Blocks.Select(b => $"{b.Left}:{b.Right}")),
        _ => Kind,
    };

    // What a matcher compares: the kind, and the value where it is a setting (mss, wscale). TS values are the sender's
    // clock and sack blocks depend on its ISN; packetdrill does not compare them either (without --tcp_ts_tick_usecs).
    public bool Matches(PktOption actual) => Kind == actual.Kind && (Kind is not ("mss" or "wscale") || Value == actual.Value);
}

/// <summary>A script that cannot be read: the file, the line, and what is wrong there. Never a pass.</summary>
public sealed class PktSyntaxException(string file, int line, string message)
    : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
}

/// <summary>A script that ran and found the implementation behaving differently from what it expects.</summary>
public sealed class PktFailure(string file, int line, string message, Exception? inner = null)
    : Exception($"{file}:{line}: {message}", inner)
{
    public string File { get; } = file;
    public int Line { get; } = line;

    /// <summary>The difference is only one of timing (early, late, nothing yet by a deadline): on a real-time TCP, a loaded
    /// machine can cause it, and the kernel runner may run the script again.</summary>
    public bool Timing { get; init; }

    /// <summary>What happened up to the failure, filled in by the runner that ran the script (for ladders, comparisons).</summary>
    public Tracing.Trace? Trace { get; set; }

    /// <summary>The index in <see cref="Trace"/> of the segment that differs from the line; null when nothing was sent
    /// (or the line is a call).</summary>
    public int? Event { get; init; }

    /// <summary>The script reached a handler not written yet: its message is the whole story (no trace to step through).</summary>
    public bool ReachedStub { get; init; }

    /// <summary>The message without the "file:line: " it starts with.</summary>
    public string Text { get; } = message;

    /// <summary>What is wrong, in one sentence: the first line of <see cref="Text"/>, without the details after it.</summary>
    public string Problem => Text.Split('\n')[0];

    /// <summary>The script line is where to look (the runner's own frames are the kit's business); an
    /// unexpected exception keeps its full stack trace as the inner exception.</summary>
    public override string StackTrace => $"   at {File}:line {Line}";
}
