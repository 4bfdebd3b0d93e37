using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using TcpKata.Engine;
using TcpKata.Tracing;

namespace TcpKata.Scripts;

public sealed record PktRunOptions
{
    /// <summary>
    /// Compare only the MSS option in expected segments: tolerate sackOK, wscale, nop, TS and eol, which
    /// the kit does not produce. Because Linux scripts then assume window scaling was agreed, injected
    /// windows are scaled by the script's wscale and expected windows are not compared.
    /// </summary>
    public bool LenientOptions { get; init; }

    /// <summary>Overrides the script's --tolerance_usecs (packetdrill's default is 4 ms).</summary>
    public TimeSpan? Tolerance { get; init; }

    /// <summary>Which TCP the local host behaves like: the RFC profile (the exercises' scripts) or Linux's (scripts written
    /// against the kernel).</summary>
    public TcpProfile Profile { get; init; } = TcpProfile.Rfc;

    /// <summary>Called with the run's simulation before it starts (to attach a <see cref="Tracing.Explorer.TcbTimeline"/>).</summary>
    public Action<Simulation>? Observe { get; init; }
}

public sealed record PktRunResult(Simulation Simulation, IReadOnlyList<string> Notes);

/// <summary>
/// Runs a packetdrill script against the handlers: the script plays the remote end (192.0.2.1) and
/// the system call side of the local host (192.168.0.1, listening ports bind to 8080 as packetdrill's do).
/// Script times are virtual seconds; a blocking call "START...END" starts at START and must return by END.
/// </summary>
public sealed partial class PktRunner : PktPlayer
{
    private const ushort ScriptPort = 8080;
    private const ushort DefaultRemotePort = 40000;
    private static readonly TimeSpan DefaultTolerance = TimeSpan.FromMilliseconds(4);

    private readonly PktScript _script;
    private readonly PktRunOptions _options;
    private readonly Simulation _sim;
    private readonly TcpHost _local;
    private readonly ScriptedPeer _peer;
    private readonly TimeSpan _tolerance;
    private readonly SortedDictionary<int, TcpSocket> _fds = [];
    private readonly List<string> _notes = [];
    private SeqNum? _localIsn;
    private Endpoint _localEnd;
    private Endpoint _remoteEnd;
    private int _remoteWindowShift;
    private Pending? _pending;

    private sealed record Pending(PktSyscall Call, Task<long> Result, TimeSpan Start, TimeSpan End)
    {
        public TimeSpan? CompletedAt { get; set; }
    }

    private PktRunner(PktScript script, TcpHandlers handlers, PktRunOptions options)
    {
        _script = script;
        _options = options;
        _sim = new Simulation(handlers, seed: 1, link: LinkOptions.Instant, limits: options.Profile.Limits);
        options.Observe?.Invoke(_sim);
        _local = _sim.AddHost("local", PktParser.LocalAddress);
        _peer = new ScriptedPeer("remote", Endpoint.ParseAddress(PktParser.RemoteAddress)) { Clock = () => _sim.Now };
        _sim.Network.Attach(_peer);
        _tolerance = options.Tolerance
                     ?? (script.Options.TryGetValue("tolerance_usecs", out var usecs)
                         ? TimeSpan.FromTicks(long.Parse(usecs, CultureInfo.InvariantCulture) * 10)
                         : DefaultTolerance);
        _localEnd = new Endpoint(_local.Address, ScriptPort);
        _remoteEnd = new Endpoint(_peer.Address, DefaultRemotePort);
        _notes.AddRange(script.Skipped);
    }

    public static PktRunResult RunFile(string path, TcpHandlers handlers, PktRunOptions? options = null) =>
        Run(PktParser.ParseFile(path), handlers, options);

    /// <summary>Runs the script; throws <see cref="PktFailure"/> at the first line the implementation does not satisfy.</summary>
    public static PktRunResult Run(PktScript script, TcpHandlers handlers, PktRunOptions? options = null)
    {
        var runner = new PktRunner(script, handlers, options ?? new PktRunOptions());
        try
        {
            runner.Execute();
        }
        catch (PktFailure failure)
        {
            failure.Trace ??= runner._sim.Trace;
            throw;
        }
        return new PktRunResult(runner._sim, runner._notes);
    }

    private void Execute()
    {
        foreach (var e in _script.Events) Guarded(e, () => Step(e));
        if (_pending is { } p) Guarded(p.Call, () => FinishPending(p));
    }

    /// <summary>Turns whatever the implementation throws into a failure at the script line that caused it.</summary>
    private void Guarded(PktEvent e, Action step)
    {
        try
        {
            step();
        }
        catch (Exception ex) when (ex is not PktFailure and not PktSyntaxException)
        {
            // A stub's message is the whole story, a broken handler contract's is the cause (the trace shows what led to it);
            // anything else keeps its stack trace as the inner exception.
            throw ex switch
            {
                NotImplementedYetException => Fail(e, ex.Message, withTrace: false),
                HandlerContractException => Fail(e, ex.Message),
                _ => Fail(e, $"{ex.GetType().Name}: {ex.Message}", ex),
            };
        }
    }

    /// <summary>Runs the simulation up to a script time (or just what is due now, when the script lags behind).</summary>
    protected override void WaitUntil(TimeSpan time)
    {
        _sim.RunUntil(time > _sim.Now ? time : _sim.Now);
        CheckPendingCompleted();
    }

    // ---- inbound segments ----------------------------------------------------------------------

    protected override void Inject(PktPacket p)
    {
        var source = p.SourcePort is { } sp ? _remoteEnd with { Port = sp } : _remoteEnd;
        var destination = p.DestinationPort is { } dp ? _localEnd with { Port = dp } : _localEnd;
        var mss = p.Options?.FirstOrDefault(o => o.Kind == "mss")?.Value ?? 0;
        if (p.Flags.HasFlag(TcpFlags.Syn) && _options.LenientOptions && p.Options?.FirstOrDefault(o => o.Kind == "wscale") is { } ws)
            _remoteWindowShift = (int)ws.Value;
        var window = p.Window ?? 65535;
        if (!p.Flags.HasFlag(TcpFlags.Syn)) window = Math.Min(window << _remoteWindowShift, ushort.MaxValue);
        // Inbound ack numbers are written relative to the local ISN; the remote's own numbers are absolute.
        var ack = p.Ack is { } a ? (_localIsn ?? new SeqNum(0)) + (int)a : default;
        var segment = new Segment(source, destination, p.StartSeq, ack, p.Flags, (ushort)window, (ushort)mss, new byte[p.PayloadLength]);
        _sim.Network.Transmit(_peer, segment);
        _sim.RunUntil(_sim.Now);
    }

    // ---- outbound segments ---------------------------------------------------------------------

    protected override TimeSpan Expect(PktPacket p, TimeSpan start, TimeSpan end)
    {
        var any = p.Time.Kind == PktTimeKind.Any;
        var latest = any ? _sim.Now + TimeSpan.FromHours(1) : end + _tolerance;
        RunUntilCaptured(latest);
        if (!_peer.Captured.TryDequeue(out var sent))
            throw Fail(p, $"expected the local host to send a segment by {Secs(latest)}s, but it sent nothing; {LocalState()}",
                hint: NothingSentHint(p));
        var (time, segment) = sent;
        Learn(segment);
        _sent.Add((time, segment));
        if (_options.LenientOptions && p.PayloadLength > segment.Payload.Length && segment.Payload.Length > 0 && Relative(segment.Seq) == p.StartSeq)
            segment = Coalesce(p, segment, latest);
        if (!any && (time < start - _tolerance || time > latest))
            throw Fail(p, $"segment sent too {(time < start ? "early" : "late")}, at {Secs(time)}s (expected {Secs(start)}s ± {Secs(_tolerance)}s){Schedule(segment)}",
                actual: Describe(segment, time), hint: TimingHint(segment, time < start), sent: sent);
        if (Mismatches(p, segment) is { Count: > 0 } problems)
            throw Fail(p, "the segment sent differs: " + string.Join("; ", problems), actual: Describe(segment, time), hint: HintFor(p, segment), sent: sent);
        return time;
    }

    // Linux hands its TUN device one TSO/GSO segment of several MSS where a wire, and the kit, carry MSS-sized ones: in
    // lenient mode, consecutive segments carrying the expected bytes stand for the one the script expects.
    private Segment Coalesce(PktPacket p, Segment first, TimeSpan latest)
    {
        var parts = new List<Segment> { first };
        var total = first.Payload.Length;
        while (total < p.PayloadLength)
        {
            RunUntilCaptured(latest);
            if (!_peer.Captured.TryPeek(out var next) || next.Segment.Payload.Length == 0 || next.Segment.Seq != parts[^1].Seq + parts[^1].Payload.Length) break;
            _peer.Captured.Dequeue();
            _sent.Add(next);
            parts.Add(next.Segment);
            total += next.Segment.Payload.Length;
        }
        if (parts.Count == 1) return first;
        _notes.Add($"{_script.File}:{p.Line}: {parts.Count} segments of {string.Join(" + ", parts.Select(s => s.Payload.Length))} bytes matched as one TSO/GSO segment of {total} (lenient options)");
        var last = parts[^1];
        return new Segment(first.Source, first.Destination, first.Seq, last.Ack, parts.Select(s => s.Flags).Aggregate((a, b) => a | b), last.Window, first.Mss,
            new byte[total]);
    }

    // Every segment the local host sent so far, for the schedule a timing failure shows.
    private readonly List<(TimeSpan Time, Segment Segment)> _sent = [];

    // When the segment is a retransmission: the times it went out before, against the RFC 6298 schedule (each gap double the last).
    private string Schedule(in Segment segment)
    {
        var seq = segment.Seq;
        var flags = segment.Flags;
        var times = _sent.Where(s => s.Segment.Seq == seq && s.Segment.Flags == flags).Select(s => s.Time).ToList();
        if (times.Count < 2) return "";
        var gaps = times.Zip(times.Skip(1), (a, b) => Secs(b - a) + "s");
        return $"; this segment went out at {string.Join(", ", times.Select(t => Secs(t) + "s"))}: gaps {string.Join(", ", gaps)}";
    }

    private string? TimingHint(in Segment segment, bool early)
    {
        var (seq, flags) = (segment.Seq, segment.Flags);
        var earlier = _sent.Count(s => s.Segment.Seq == seq && s.Segment.Flags == flags) - 1;
        if (earlier <= 0) return early ? "something made your host send before the script's peer expects it: which event's handler sent it?" : null;
        return early
            ? "a retransmission came too soon: each retransmission timeout doubles the RTO (c.Rto *= 2, RFC 6298 (5.5)) before the timer restarts"
            : "a retransmission came too late: the timer restarts with the current RTO (c.RestartRetransmissionTimer(), RFC 6298 (5.6)), doubled once per timeout";
    }

    private string NothingSentHint(PktPacket p)
    {
        var seq = Absolute(p.StartSeq);
        if (_sent.Any(s => s.Segment.Seq == seq && s.Segment.Flags == p.Flags))
            return "the script expects this segment again (a retransmission): the timer must be restarted after each one (RFC 6298 (5.6)), until the retry limit";
        return p.Flags.HasFlag(TcpFlags.Rst)
            ? "a segment the connection cannot accept is answered with a reset: which handler received it?"
            : "the handler of the event before this line did not call c.Send (the trace shows which event it was)";
    }

    private SeqNum Absolute(uint relative) => (_localIsn ?? new SeqNum(0)) + (int)relative;

    // The local connections, in TCP's terms, for a failure that would otherwise only say what did not happen.
    private string LocalState()
    {
        var open = _local.Connections.Where(c => c.State != TcpState.Closed).ToList();
        return open.Count == 0
            ? "no local connection is open"
            : string.Join("; ", open.Select(c => $"the connection {_sim.Trace.Name(c.Local)} <-> {_sim.Trace.Name(c.Remote)} is {c.State.ToTraceName()}"));
    }

    // Why a call has not returned, from the state of the connections it waits on.
    private string WhyBlocked(string call)
    {
        var connections = _local.Connections.ToList();
        string? why = call switch
        {
            "accept" => connections.FirstOrDefault(c => c.State == TcpState.SynReceived) is { } half
                ? $"the connection from {_sim.Trace.Name(half.Remote)} is still SYN_RCVD: its final ACK was not taken, so there is nothing to accept"
                : connections.Any(c => c.IsPassiveOpen && c.State != TcpState.Closed) ? null : "no connection has completed the handshake",
            "connect" => connections.FirstOrDefault(c => !c.IsPassiveOpen && c.State != TcpState.Established) is { } c
                ? $"the connection to {_sim.Trace.Name(c.Remote)} is {c.State.ToTraceName()}, not ESTABLISHED: {(c.State == TcpState.SynSent ? "the SYN+ACK was not taken" : "the handshake did not complete")}"
                : null,
            "read" or "recv" or "recvfrom" => "nothing has arrived to read, and no FIN (a zero-byte read comes only once the peer's FIN is taken: RCV.NXT past it)",
            _ => null,
        };
        return why ?? LocalState();
    }

    private void RunUntilCaptured(TimeSpan latest)
    {
        while (_peer.Captured.Count == 0 && _sim.Scheduler.NextEventTime is { } next && next <= latest)
            _sim.RunUntil(next);
    }

    private void Learn(in Segment segment)
    {
        if (!segment.IsSyn) return;
        _localIsn = segment.Seq;
        _localEnd = segment.Source;
        _remoteEnd = segment.Destination;
    }

    // The kit sends one option, the MSS, on a SYN.
    private static List<PktOption> OptionsOf(in Segment s) => s.Mss != 0 ? [new PktOption("mss", s.Mss)] : [];

    private List<string> Mismatches(PktPacket p, in Segment s) =>
        PktMatcher.Mismatches(p, s, Relative(s.Seq), OptionsOf(s), _options.LenientOptions, compareWindow: !(_options.LenientOptions && _remoteWindowShift > 0),
            optionsNote: expected => expected.Where(o => o.Kind is not "mss").Select(o => o.Kind).Distinct().ToList() is { Count: > 0 } foreign
                ? $" (the kit never sends {string.Join(", ", foreign)}: run with --lenient-options to compare only the MSS)"
                : "");

    /// <summary>The usual reasons behind a mismatch, in TCP's terms.</summary>
    private string? HintFor(PktPacket p, in Segment s)
    {
        if (p.Flags != s.Flags)
            return p.Flags.HasFlag(TcpFlags.Rst) && !s.IsRst
                ? "a segment that acknowledges something never sent is answered with a reset <SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.10.7)"
                : $"check which control bits your handler passes to c.Send: the script expects [{p.Flags.ToTcpdump()}]";
        if (p.Ack is { } ack && s.IsAck && s.Ack.Value + 1 == ack)
            return "acknowledge one past the SYN or FIN: each occupies one sequence number, so RCV.NXT = SEG.SEQ + SEG.LEN, not SEG.SEQ (RFC 9293 §3.4)";
        if (p.Ack is { } expectedAck && s.IsAck && s.Ack.Value != expectedAck)
        {
            var off = unchecked((int)(s.Ack.Value - expectedAck));
            return off < 0
                ? $"your ACK is {-off} short of what the peer sent (ack {s.Ack.Value}, the peer's sequence numbers run to {expectedAck}): RCV.NXT = SEG.SEQ + SEG.LEN of the last segment taken, its data bytes plus one for a SYN or FIN (RFC 9293 §3.4)"
                : $"your ACK is {off} past what the peer sent (ack {s.Ack.Value}, the peer's sequence numbers run to {expectedAck}): acknowledge only what arrived, RCV.NXT = SEG.SEQ + SEG.LEN";
        }
        if (Relative(s.Seq) + 1 == p.StartSeq)
            return "after sending a SYN (or FIN), SND.NXT is one past it: SND.NXT = ISS + 1, and the next segment carries seq = SND.NXT";
        if (Relative(s.Seq) != p.StartSeq)
        {
            var off = unchecked((int)(Relative(s.Seq) - p.StartSeq));
            return $"your segment starts at relative seq {Relative(s.Seq)}, {Math.Abs(off)} {(off < 0 ? "before" : "after")} the {p.StartSeq} expected: a segment carries seq = SND.NXT, and SND.NXT moves past each SYN and FIN (one each) and each data byte sent";
        }
        return null;
    }

    private uint Relative(SeqNum n) => _localIsn is { } isn ? unchecked(n.Value - isn.Value) : n.Value;

    private string Describe(in Segment s, TimeSpan time) => PktMatcher.Describe(s, Relative(s.Seq), time, OptionsOf(s));

    // ---- system calls --------------------------------------------------------------------------

    protected override void Call(PktSyscall call, TimeSpan start)
    {
        var result = Invoke(call);
        if (result.IsCompleted)
        {
            Verify(call, result);
            return;
        }
        if (call.BlockingEnd is not { } endRaw)
        {
            // It may complete within the tolerance (the reply is already on its way).
            _sim.RunUntil(() => result.IsCompleted, start + _tolerance);
            if (!result.IsCompleted)
                throw Fail(call, $"{call.Name}() would block here, where the script expects it to return at once: {WhyBlocked(call.Name)}",
                    hint: $"(a call that is meant to block is written START...END in packetdrill, e.g. \"+0...0.200 {call.Name}(...)\")");
            Verify(call, result);
            return;
        }
        var end = BlockingEnd(call, endRaw);
        var pending = new Pending(call, result, start, end);
        result.ContinueWith(_ => pending.CompletedAt = _sim.Now, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _pending = pending;
    }

    protected override void CheckPendingCompleted()
    {
        if (_pending is { CompletedAt: not null } p) FinishPending(p);
    }

    protected override void FinishPending()
    {
        if (_pending is { } p) FinishPending(p);
    }

    private void FinishPending(Pending p)
    {
        _pending = null;
        _sim.RunUntil(() => p.Result.IsCompleted, p.End + _tolerance);
        if (!p.Result.IsCompleted)
            throw Fail(p.Call, $"{p.Call.Name}() is still blocked at {Secs(_sim.Now)}s, where the script expects it to have returned by {Secs(p.End)}s: {WhyBlocked(p.Call.Name)}");
        var at = p.CompletedAt ?? _sim.Now;
        if (at < p.Start - _tolerance || at > p.End + _tolerance)
            throw Fail(p.Call, $"{p.Call.Name}() returned at {Secs(at)}s; the script expects it between {Secs(p.Start)}s and {Secs(p.End)}s");
        Verify(p.Call, p.Result);
    }

    private void Verify(PktSyscall call, Task<long> result)
    {
        long actual;
        string? errno = null;
        try
        {
            actual = result.GetAwaiter().GetResult();
        }
        catch (SocketException e)
        {
            actual = -1;
            errno = Errno.For(e.SocketErrorCode).Name;
        }
        if (actual == call.Result && errno == call.Errno) return;
        var got = errno is null ? actual.ToString(CultureInfo.InvariantCulture) : $"-1 {errno} ({Errno.For(ErrorOf(result)).Text})";
        var wanted = call.Errno is null ? call.Result.ToString(CultureInfo.InvariantCulture) : $"-1 {call.Errno}";
        throw Fail(call, $"{call.Name}() returned {got}; the script expects {wanted}");
    }

    private static SocketError ErrorOf(Task task) =>
        task.Exception?.InnerException is SocketException se ? se.SocketErrorCode : SocketError.SocketError;

    private Task<long> Invoke(PktSyscall call)
    {
        try
        {
            return call.Name switch
            {
                "socket" => Done(NewSocket(call)),
                "setsockopt" => Done(SetSockOpt(call)),
                "getsockopt" => Done(GetSockOpt(call)),
                "ioctl" => Done(Ioctl(call)),
                "fcntl" => Done(Fcntl(call)),
                "bind" => Done(Bind(call)),
                "listen" => Done(Listen(call)),
                "accept" => Accept(call),
                "connect" => Connect(call),
                "read" or "recv" => Read(call),
                "write" or "send" => Done(Socket(call, 0).Send(new byte[Int(call, 2)])),
                "shutdown" => Done(Shutdown(call)),
                "close" => Done(Close(call)),
                _ => throw new PktSyntaxException(_script.File, call.Line,
                    $"unsupported system call {call.Name}(): TcpKata runs socket, setsockopt, getsockopt, ioctl, fcntl, bind, listen, accept, connect, read, recv, write, send, shutdown and close"),
            };
        }
        catch (SocketException e)
        {
            return Task.FromException<long>(e);
        }
    }

    private static Task<long> Done(long value) => Task.FromResult(value);

    private long NewSocket(PktSyscall call)
    {
        if (call.Arguments.Count != 3 || call.Arguments[1] != "SOCK_STREAM")
            throw new PktSyntaxException(_script.File, call.Line, "TcpKata models TCP only: socket(..., SOCK_STREAM, IPPROTO_TCP)");
        return Register(_local.CreateSocket(), call);
    }

    // packetdrill's descriptors are the script's names for sockets: a new socket takes the number the script expects
    // (socket(...) = 4 as the first call is fine), or else the lowest free one from 3.
    private int Register(TcpSocket socket, PktSyscall call)
    {
        var fd = call.Errno is null && call.Result is >= 0 and < int.MaxValue && !_fds.ContainsKey((int)call.Result) ? (int)call.Result : 3;
        while (_fds.ContainsKey(fd)) fd++;
        _fds[fd] = socket;
        return fd;
    }

    private TcpSocket Socket(PktSyscall call, int index)
    {
        var fd = Int(call, index);
        return _fds.TryGetValue(fd, out var s) ? s : throw new SocketException((int)SocketError.NotSocket);
    }

    private int Int(PktSyscall call, int index)
    {
        if (index < call.Arguments.Count && int.TryParse(call.Arguments[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
        throw new PktSyntaxException(_script.File, call.Line, $"{call.Name}(): argument {index + 1} should be a number");
    }

    private long SetSockOpt(PktSyscall call)
    {
        var socket = Socket(call, 0);
        var option = call.Arguments.ElementAtOrDefault(2);
        if (option == "SO_REUSEADDR")
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, call.Arguments.ElementAtOrDefault(3)?.Trim('[', ']') != "0");
            return 0;
        }
        if (option == "SO_KEEPALIVE")
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, call.Arguments.ElementAtOrDefault(3)?.Trim('[', ']') != "0");
            return 0;
        }
        // The kit sends each write at once (no Nagle), which is what TCP_NODELAY asks for.
        if (option == "TCP_NODELAY") return 0;
        throw new PktSyntaxException(_script.File, call.Line, $"unsupported socket option {option}: TcpKata accepts SO_REUSEADDR, SO_KEEPALIVE and TCP_NODELAY");
    }

    private long GetSockOpt(PktSyscall call)
    {
        var socket = Socket(call, 0);
        var option = call.Arguments.ElementAtOrDefault(2);
        var actual = option switch
        {
            "SO_ERROR" => socket.Connection?.Error is { } e ? Errno.For(e).Name : "0",
            // Linux's TCP_MAXSEG: the MSS this connection sends with (the smaller of the peer's and ours; the kit sends no
            // timestamps, which Linux would take off it), 536 before there is a peer.
            "TCP_MAXSEG" => (socket.Connection is { } c ? Math.Min(c.PeerMss, c.Limits.Mss) : 536).ToString(CultureInfo.InvariantCulture),
            _ => throw new PktSyntaxException(_script.File, call.Line, "TcpKata's getsockopt reads SO_ERROR and TCP_MAXSEG"),
        };
        var expected = call.Arguments.ElementAtOrDefault(3)?.Trim('[', ']');
        if (expected != actual)
            throw new PktFailure(_script.File, call.Line, $"getsockopt({option}) is [{actual}]; the script expects [{expected}]");
        return 0;
    }

    // ioctl(fd, SIOCINQ, [N]): the bytes received and not yet read (FIONREAD is the same request).
    private long Ioctl(PktSyscall call)
    {
        var socket = Socket(call, 0);
        var request = call.Arguments.ElementAtOrDefault(1);
        if (request is not ("SIOCINQ" or "FIONREAD"))
            throw new PktSyntaxException(_script.File, call.Line, "TcpKata's ioctl reads SIOCINQ (FIONREAD)");
        var actual = (socket.Connection?.UnreadBytes ?? 0).ToString(CultureInfo.InvariantCulture);
        var expected = call.Arguments.ElementAtOrDefault(2)?.Trim('[', ']');
        if (expected != actual)
            throw new PktFailure(_script.File, call.Line, $"ioctl({request}) is [{actual}]: {actual} bytes unread; the script expects [{expected}]");
        return 0;
    }

    private long Fcntl(PktSyscall call)
    {
        var socket = Socket(call, 0);
        switch (call.Arguments.ElementAtOrDefault(1))
        {
            case "F_GETFL":
                return 0x2 | (socket.Blocking ? 0 : 0x800); // O_RDWR | O_NONBLOCK, Linux's values
            case "F_SETFL":
                socket.Blocking = !(call.Arguments.ElementAtOrDefault(2) ?? "").Contains("O_NONBLOCK", StringComparison.Ordinal);
                return 0;
            default:
                throw new PktSyntaxException(_script.File, call.Line, "TcpKata's fcntl supports F_GETFL and F_SETFL");
        }
    }

    [GeneratedRegex(@"htons\((\d+)\)")]
    private static partial Regex PortInSockaddr();

    private long Bind(PktSyscall call)
    {
        var socket = Socket(call, 0);
        var m = PortInSockaddr().Match(call.Arguments.ElementAtOrDefault(1) ?? "");
        var port = m.Success ? ushort.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : ScriptPort;
        socket.Bind(new IPEndPoint(IPAddress.Any, port));
        _localEnd = new Endpoint(_local.Address, port);
        return 0;
    }

    private long Listen(PktSyscall call)
    {
        Socket(call, 0).Listen(Int(call, 1));
        return 0;
    }

    private Task<long> Accept(PktSyscall call) =>
        Socket(call, 0).AcceptAsync().ContinueWith(t => (long)Register(t.GetAwaiter().GetResult(), call),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private Task<long> Connect(PktSyscall call)
    {
        var remote = new Endpoint(_peer.Address, ScriptPort);
        return Socket(call, 0).ConnectAsync(remote.ToIPEndPoint()).ContinueWith(t =>
        {
            t.GetAwaiter().GetResult();
            return 0L;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private Task<long> Read(PktSyscall call) =>
        Socket(call, 0).ReceiveAsync(new byte[Int(call, 2)]).AsTask().ContinueWith(t => (long)t.GetAwaiter().GetResult(),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private long Shutdown(PktSyscall call)
    {
        var how = call.Arguments.ElementAtOrDefault(1) switch
        {
            "SHUT_RD" => SocketShutdown.Receive,
            "SHUT_WR" => SocketShutdown.Send,
            "SHUT_RDWR" => SocketShutdown.Both,
            var other => throw new PktSyntaxException(_script.File, call.Line, $"shutdown() takes SHUT_RD, SHUT_WR or SHUT_RDWR, not {other}"),
        };
        Socket(call, 0).Shutdown(how);
        return 0;
    }

    private long Close(PktSyscall call)
    {
        var fd = Int(call, 0);
        Socket(call, 0).Close();
        _fds.Remove(fd);
        return 0;
    }

    // ---- failures ------------------------------------------------------------------------------

    private static string Secs(TimeSpan t) => Trace.FormatTime(t);

    private PktFailure Fail(PktEvent e, string problem, Exception? inner = null, string? actual = null, string? hint = null, bool withTrace = true,
        (TimeSpan Time, Segment Segment)? sent = null)
    {
        var differing = sent is var (at, segment)
            ? _sim.Trace.Events.ToList().FindLastIndex(t => t.Kind == TraceKind.Sent && t.Time == at && t.Segment.Source == segment.Source && t.Segment.Seq == segment.Seq
                                                             && t.Segment.Flags == segment.Flags)
            : -1;
        var sb = new StringBuilder(problem).Append('\n');
        sb.Append("  script line: ").Append(e.Text.Trim()).Append('\n');
        if (actual is not null) sb.Append("  actual:      ").Append(actual).Append('\n');
        if (hint is not null) sb.Append("  hint:        ").Append(hint).Append('\n');
        if (!withTrace) return new PktFailure(_script.File, e.Line, sb.ToString().TrimEnd(), inner) { ReachedStub = true };
        foreach (var c in _local.Connections.Where(c => c.State != TcpState.Closed)) sb.Append("  connection:  ").Append(c).Append('\n');
        sb.Append("trace so far (virtual seconds, sequence numbers relative to each side's ISN):\n");
        foreach (var line in _sim.Trace.Render().Split('\n', StringSplitOptions.RemoveEmptyEntries)) sb.Append("  ").Append(line).Append('\n');
        var shown = LadderRenderer.RenderedEvents(_sim.Trace).Count;
        if (shown > 0)
        {
            sb.Append("the same, as a ladder (last lines):\n");
            sb.Append(LadderRenderer.Render(_sim.Trace, _local.Name, _peer.Name, firstLine: Math.Max(0, shown - 14)));
        }
        return new PktFailure(_script.File, e.Line, sb.ToString().TrimEnd(), inner) { Event = differing >= 0 ? differing : null };
    }
}
