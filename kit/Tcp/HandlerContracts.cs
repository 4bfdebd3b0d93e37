using System.Globalization;
using System.Net.Sockets;

namespace TcpKata;

/// <summary>
/// Thrown the moment a handler returns having broken what RFC 9293 (or RFC 6298, RFC 5961) requires of it for the event it
/// was given: the failure names the handler, the rule, the values and the section, where the symptom (a wrong segment
/// later, a blocked call) would only show where it ended.
/// </summary>
public sealed class HandlerContractException(string message) : Exception(message);

/// <summary>Every handler the kit calls, for the contract checks.</summary>
internal enum Handler
{
    OnConnect, OnSegmentInSynSent, SynSentTimeout,
    OnSegmentInListen, OnSegmentInSynReceived, SynReceivedTimeout,
    OnFin, PassiveClose, OnSegmentInLastAck, LastAckTimeout,
    ActiveClose, OnSegmentInFinWait1, OnSegmentInFinWait2, OnSegmentInClosing, OnSegmentInTimeWait, OnTimeWaitTimeout, FinTimeout,
    OnReset,
}

/// <summary>
/// The handler contracts: what must hold right after each handler returns. They judge the outcome (the state, the
/// sequence variables, the segments sent, the timers), never how the handler got there, so any correct way of writing
/// a handler passes. Checked in the order a cause comes before its symptoms: the state, SND.NXT, RCV.NXT, the ACKs
/// sent, then the timers.
/// </summary>
internal static class HandlerContracts
{
    /// <summary>The TCB as the handler found it, and the segments it sends.</summary>
    internal sealed class Call(Connection c, Handler handler, Segment? segment)
    {
        public Handler Handler { get; } = handler;
        public Segment? Segment { get; } = segment;
        public TcpState State { get; } = c.State;
        public SeqNum SndUna { get; } = c.SndUna;
        public SeqNum SndNxt { get; } = c.SndNxt;
        public TimeSpan Rto { get; } = c.Rto;
        public int Retransmissions { get; } = c.Retransmissions;
        public List<Segment> Sent { get; } = [];
    }

    /// <summary>The handler as the student's code names it ("ClientHandshake.OnSegmentInSynSent") and the event it handles.</summary>
    public static (string Name, string Event) NameOf(Handler h) => Describe(h) is var (name, what, _) ? (name, what) : default;

    private static (string Name, string Event, string Rfc) Describe(Handler h) => h switch
    {
        Handler.OnConnect => ("ClientHandshake.OnConnect", "the app called Connect", "RFC 9293 §3.10.1"),
        Handler.OnSegmentInSynSent => ("ClientHandshake.OnSegmentInSynSent", "a segment arrived in SYN_SENT", "RFC 9293 §3.10.7.3"),
        Handler.SynSentTimeout => ("ClientHandshake.OnRetransmissionTimeout", "the retransmission timer fired in SYN_SENT", "RFC 6298 §5"),
        Handler.OnSegmentInListen => ("ServerHandshake.OnSegmentInListen", "a segment arrived in LISTEN", "RFC 9293 §3.10.7.2"),
        Handler.OnSegmentInSynReceived => ("ServerHandshake.OnSegmentInSynReceived", "a segment arrived in SYN_RCVD", "RFC 9293 §3.10.7.4"),
        Handler.SynReceivedTimeout => ("ServerHandshake.OnRetransmissionTimeout", "the retransmission timer fired in SYN_RCVD", "RFC 6298 §5"),
        Handler.OnFin => ("PassiveClose.OnFin", "the peer's FIN arrived in ESTABLISHED", "RFC 9293 §3.10.7.4, eighth step"),
        Handler.PassiveClose => ("PassiveClose.OnClose", "the app closed in CLOSE_WAIT", "RFC 9293 §3.10.4"),
        Handler.OnSegmentInLastAck => ("PassiveClose.OnSegmentInLastAck", "a segment arrived in LAST_ACK", "RFC 9293 §3.10.7.4, fifth step"),
        Handler.LastAckTimeout => ("PassiveClose.OnRetransmissionTimeout", "the retransmission timer fired in LAST_ACK", "RFC 6298 §5"),
        Handler.ActiveClose => ("ActiveClose.OnClose", "the app closed in ESTABLISHED", "RFC 9293 §3.10.4"),
        Handler.OnSegmentInFinWait1 => ("ActiveClose.OnSegmentInFinWait1", "a segment arrived in FIN_WAIT_1", "RFC 9293 §3.10.7.4, fifth and eighth steps"),
        Handler.OnSegmentInFinWait2 => ("ActiveClose.OnSegmentInFinWait2", "a segment arrived in FIN_WAIT_2", "RFC 9293 §3.10.7.4, eighth step"),
        Handler.OnSegmentInClosing => ("ActiveClose.OnSegmentInClosing", "a segment arrived in CLOSING", "RFC 9293 §3.10.7.4, fifth step"),
        Handler.OnSegmentInTimeWait => ("ActiveClose.OnSegmentInTimeWait", "a segment arrived in TIME_WAIT", "RFC 9293 §3.10.7.4"),
        Handler.OnTimeWaitTimeout => ("ActiveClose.OnTimeWaitTimeout", "the TIME_WAIT timer expired", "RFC 9293 §3.10.8"),
        Handler.FinTimeout => ("ActiveClose.OnRetransmissionTimeout", "the retransmission timer fired in FIN_WAIT_1 or CLOSING", "RFC 6298 §5"),
        Handler.OnReset => ("ResetHandling.OnReset", "a RST arrived in a synchronized state", "RFC 9293 §3.10.7.4, second step; RFC 5961 §3.2"),
        _ => throw new ArgumentOutOfRangeException(nameof(h), h, null),
    };

    // RFC 9293 Figure 5 (and §3.10.7): where each handler may leave the connection.
    private static TcpState[] Allowed(Call call) => call.Handler switch
    {
        Handler.OnConnect => [TcpState.SynSent],
        Handler.OnSegmentInSynSent => [TcpState.SynSent, TcpState.Established, TcpState.SynReceived, TcpState.Closed],
        Handler.OnSegmentInListen => [TcpState.Listen, TcpState.SynReceived],
        Handler.OnSegmentInSynReceived => [TcpState.SynReceived, TcpState.Established, TcpState.Listen, TcpState.Closed],
        Handler.OnFin => [TcpState.CloseWait],
        Handler.PassiveClose => [TcpState.LastAck],
        Handler.OnSegmentInLastAck => [TcpState.LastAck, TcpState.Closed],
        Handler.ActiveClose => [TcpState.FinWait1],
        Handler.OnSegmentInFinWait1 => [TcpState.FinWait1, TcpState.FinWait2, TcpState.Closing, TcpState.TimeWait],
        Handler.OnSegmentInFinWait2 => [TcpState.FinWait2, TcpState.TimeWait],
        Handler.OnSegmentInClosing => [TcpState.Closing, TcpState.TimeWait],
        Handler.OnSegmentInTimeWait => [TcpState.TimeWait, TcpState.Closed],
        Handler.OnTimeWaitTimeout => [TcpState.Closed],
        Handler.SynSentTimeout or Handler.SynReceivedTimeout or Handler.LastAckTimeout or Handler.FinTimeout => [call.State, TcpState.Closed],
        Handler.OnReset => [call.State, TcpState.Closed],
        _ => throw new ArgumentOutOfRangeException(nameof(call), call.Handler, null),
    };

    /// <summary>Throws <see cref="HandlerContractException"/> at the first rule <paramref name="c"/> breaks after the handler of <paramref name="call"/>.</summary>
    public static void Check(Call call, Connection c)
    {
        if (Broken(call, c) is { } broken)
        {
            var (name, what, rfc) = Describe(call.Handler);
            throw new HandlerContractException(
                $"handler contract: {name} {broken.Rule} ({broken.Rfc ?? rfc})\n" +
                $"  when: {what}{(call.Segment is { } s ? $" ({Show(s, c)})" : "")}; the connection was {call.State.ToTraceName()} and is now {c.State.ToTraceName()}\n" +
                $"  values: {Values(c)}");
        }
    }

    private sealed record Breach(string Rule, string? Rfc = null);

    private static Breach? Broken(Call call, Connection c)
    {
        var seg = call.Segment;
        var sentSyn = call.Sent.Where(s => s is { IsSyn: true, IsRst: false }).ToList();
        var sentFin = call.Sent.Where(s => s is { IsFin: true, IsRst: false }).ToList();
        var sentAck = call.Sent.Any(s => s is { IsAck: true, IsRst: false });
        var sentRst = call.Sent.Any(s => s.IsRst);

        // The state: one the diagram allows from here, and the one this event leads to where the RFC names it.
        if (!Allowed(call).Contains(c.State))
            return new Breach($"left the connection in {c.State.ToTraceName()}; {Describe(call.Handler).Event} leads only to {string.Join(" or ", Allowed(call).Select(s => s.ToTraceName()))} (RFC 9293 Figure 5)");
        if (Expected(call, c) is { } expected && c.State != expected.State)
            return new Breach($"left the connection in {c.State.ToTraceName()}, but {expected.Why}: it must move to {expected.State.ToTraceName()}");

        // SND.NXT: past every SYN and FIN sent (each occupies a sequence number, RFC 9293 §3.3.1).
        if (c.State != TcpState.Closed)
            foreach (var s in sentSyn.Concat(sentFin))
                if (c.SndNxt < s.End)
                    return new Breach($"sent a {(s.IsSyn ? "SYN" : "FIN")} ending at {Send(s.End, c)} but left SND.NXT at {Send(c.SndNxt, c)}: a {(s.IsSyn ? "SYN" : "FIN")} occupies one sequence number, so SND.NXT must move past it", "RFC 9293 §3.3.1");
        if (call.Handler is Handler.OnConnect && sentSyn.Count == 0)
            return new Breach("sent no SYN: c.Send(TcpFlags.Syn, c.Iss) opens the connection");
        if (call.Handler is Handler.PassiveClose or Handler.ActiveClose && sentFin.Count == 0)
            return new Breach("sent no FIN: closing means sending a FIN+ACK with seq = SND.NXT");

        // RCV.NXT: covers what was accepted, SYN and FIN included (SEG.SEQ + SEG.LEN).
        if (seg is { } arrived && Accepted(call, c) is { } accepted)
        {
            if (accepted.Syn && c.Irs != arrived.Seq)
                return new Breach($"set IRS to {c.Irs}, but the peer's SYN has SEG.SEQ {arrived.Seq}: IRS = SEG.SEQ");
            if (c.RcvNxt != accepted.End)
                return new Breach($"left RCV.NXT at {Receive(c.RcvNxt, c)}, but it took the peer's {(accepted.Syn ? "SYN" : "FIN")}, which ends at SEG.SEQ + SEG.LEN = {Receive(accepted.End, c)}: a {(accepted.Syn ? "SYN" : "FIN")} occupies one sequence number");
            if (!sentAck)
                return new Breach($"took the peer's {(accepted.Syn ? "SYN" : "FIN")} but sent no ACK: acknowledge it with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>");
        }
        // SND.UNA: an ACK that completes the handshake acknowledges the SYN (RFC 9293 §3.10.7.3 "SND.UNA should be advanced to
        // equal SEG.ACK"; §3.10.7.4 step five), or the kit would retransmit a SYN that arrived long ago.
        if (seg is { IsAck: true } ack && call.State is TcpState.SynSent or TcpState.SynReceived && c.State == TcpState.Established && c.SndUna != ack.Ack)
            return new Breach($"completed the handshake on an ACK of {Send(ack.Ack, c)} but left SND.UNA at {Send(c.SndUna, c)}: set SND.UNA = SEG.ACK, your SYN is acknowledged");
        // Every ACK sent says what was received: ACK = RCV.NXT.
        foreach (var s in call.Sent.Where(s => s is { IsAck: true, IsRst: false }))
            if (s.Ack != c.RcvNxt && c.State != TcpState.Closed)
                return new Breach($"sent an ACK with ack {Receive(s.Ack, c)} while RCV.NXT is {Receive(c.RcvNxt, c)}: an ACK acknowledges everything received, <ACK=RCV.NXT>");

        if (RetryLimit(call.Handler, c.Limits) is { } limit && Retries(call, c, limit) is { } retries) return retries;

        // The retransmission timer runs while something sent is unacknowledged (RFC 6298 (5.1), (5.6)).
        if (c.State is not (TcpState.Closed or TcpState.Listen or TcpState.TimeWait) && c.SndUna < c.SndNxt && !c.IsRetransmissionTimerRunning)
            return new Breach($"returned with SND.UNA {Send(c.SndUna, c)} < SND.NXT {Send(c.SndNxt, c)} and no retransmission timer running: what is unacknowledged would never be retransmitted; restart it (c.RestartRetransmissionTimer())", "RFC 6298 (5.6)");
        if (c.State == TcpState.TimeWait && !c.IsTimeWaitTimerRunning)
            return new Breach("left the connection in TIME_WAIT with no TIME_WAIT timer running: it would never close; c.StartTimeWaitTimer() (2 x MSL)", "RFC 9293 §3.10.7.4");

        return EventRules(call, c, sentAck, sentRst);
    }

    // Where the RFC names the one next state for this event.
    private static (TcpState State, string Why)? Expected(Call call, Connection c)
    {
        var seg = call.Segment;
        var finAcked = c.SndUna == c.SndNxt;
        var peerFin = seg is { IsFin: true, IsRst: false };
        return call.Handler switch
        {
            Handler.OnSegmentInSynSent when seg is { IsSyn: true, IsAck: true, IsRst: false } s && s.Ack.IsAfterAndAtMost(c.Iss, call.SndNxt) =>
                (TcpState.Established, "a SYN+ACK acknowledging your SYN completes the handshake"),
            Handler.OnSegmentInSynSent when seg is { IsRst: true, IsAck: true } s && s.Ack.IsAfterAndAtMost(c.Iss, call.SndNxt) =>
                (TcpState.Closed, "a RST whose ACK acknowledges your SYN means nobody listens there: c.DeleteTcb(SocketError.ConnectionRefused)"),
            Handler.OnSegmentInSynSent when seg is { IsRst: true, IsAck: false } =>
                (TcpState.SynSent, "a RST without an ACK cannot be tied to your SYN and is dropped (RFC 9293 §3.10.7.3)"),
            Handler.OnSegmentInSynSent when seg is { IsAck: true } s && !s.Ack.IsAfterAndAtMost(c.Iss, call.SndNxt) =>
                (TcpState.SynSent, "a segment whose ACK does not acknowledge your SYN is answered (a RST) or dropped, and the connection keeps waiting"),
            Handler.OnSegmentInListen when call.Sent.Any(s => s is { IsSyn: true, IsRst: false }) =>
                (TcpState.SynReceived, "you answered a SYN with a SYN+ACK"),
            Handler.OnSegmentInListen when seg is { IsSyn: false } =>
                (TcpState.Listen, "only a SYN opens a connection from LISTEN"),
            Handler.OnSegmentInSynReceived when seg is { IsAck: true, IsRst: false, IsSyn: false } s && s.Ack.IsAfterAndAtMost(call.SndUna, call.SndNxt) && c.IsAcceptable(s) =>
                (TcpState.Established, "an acceptable ACK of your SYN+ACK completes the handshake"),
            Handler.OnSegmentInTimeWait when seg is { IsRst: true } s && c.IsAcceptable(s) => (TcpState.Closed, "an acceptable RST ends TIME_WAIT"),
            Handler.OnSegmentInLastAck when finAcked => (TcpState.Closed, "SND.UNA = SND.NXT: your FIN is acknowledged"),
            Handler.OnSegmentInLastAck => (TcpState.LastAck, "your FIN is not acknowledged yet (SND.UNA < SND.NXT)"),
            Handler.OnSegmentInFinWait1 when peerFin && finAcked => (TcpState.TimeWait, "the peer's FIN arrived and your FIN is acknowledged (SND.UNA = SND.NXT)"),
            Handler.OnSegmentInFinWait1 when peerFin => (TcpState.Closing, "the peer's FIN arrived before the ACK of yours (SND.UNA < SND.NXT)"),
            Handler.OnSegmentInFinWait1 when finAcked => (TcpState.FinWait2, "SND.UNA = SND.NXT: your FIN is acknowledged"),
            Handler.OnSegmentInFinWait1 => (TcpState.FinWait1, "your FIN is not acknowledged yet (SND.UNA < SND.NXT) and no FIN arrived"),
            Handler.OnSegmentInFinWait2 when peerFin => (TcpState.TimeWait, "the peer's FIN arrived"),
            Handler.OnSegmentInFinWait2 => (TcpState.FinWait2, "no FIN arrived"),
            Handler.OnSegmentInClosing when finAcked => (TcpState.TimeWait, "SND.UNA = SND.NXT: your FIN is acknowledged"),
            Handler.OnSegmentInClosing => (TcpState.Closing, "your FIN is not acknowledged yet (SND.UNA < SND.NXT)"),
            Handler.OnReset when seg is { } s && s.Seq != c.RcvNxt => (call.State, $"only a RST with SEG.SEQ = RCV.NXT may reset a connection; this one has {Receive(s.Seq, c)}, RCV.NXT is {Receive(c.RcvNxt, c)} (RFC 5961 §3.2)"),
            Handler.OnReset => (TcpState.Closed, "a RST with SEG.SEQ = RCV.NXT resets the connection (c.DeleteTcb(...))"),
            _ => null,
        };
    }

    // The peer's SYN or FIN this handler took, and where it ends (what RCV.NXT must then be).
    private static (bool Syn, SeqNum End)? Accepted(Call call, Connection c)
    {
        var seg = call.Segment!.Value;
        if (seg.IsRst) return null;
        var tookSyn = seg.IsSyn && call.State is TcpState.Listen or TcpState.SynSent && c.State is TcpState.SynReceived or TcpState.Established;
        if (tookSyn) return (true, seg.Seq + 1);
        var tookFin = seg.IsFin && (call.Handler is Handler.OnFin
                                    || call.Handler is Handler.OnSegmentInFinWait1 or Handler.OnSegmentInFinWait2 && c.State is TcpState.Closing or TcpState.TimeWait);
        return tookFin ? (false, seg.End) : null;
    }

    // A timeout handler's retry limit, and how the student's code names it; null for the other handlers.
    private static (int Limit, string Name)? RetryLimit(Handler h, TcpLimits l) => h switch
    {
        Handler.SynSentTimeout => l.SynLinearTimeouts == 0
            ? (l.SynRetries, "c.Limits.SynRetries")
            : (l.SynRetries + l.SynLinearTimeouts, "c.Limits.SynRetries + c.Limits.SynLinearTimeouts"),
        Handler.SynReceivedTimeout => (l.SynAckRetries, "c.Limits.SynAckRetries"),
        Handler.LastAckTimeout or Handler.FinTimeout => (l.FinRetries, "c.Limits.FinRetries"),
        _ => null,
    };

    // RFC 6298 (5.4)-(5.6) and the retry limit: retransmit, back off and restart, or give up once the limit is reached.
    private static Breach? Retries(Call call, Connection c, (int Limit, string Name) retryLimit)
    {
        var (limit, name) = retryLimit;
        var retransmitted = c.Retransmissions > call.Retransmissions;
        if (c.State == TcpState.Closed)
            return call.Retransmissions < limit
                ? new Breach($"gave up after {call.Retransmissions} retransmissions, but {name} is {limit}: retransmit until c.Retransmissions reaches it")
                : null;
        if (!retransmitted)
            return new Breach($"neither retransmitted (c.RetransmitEarliest()) nor gave up (c.DeleteTcb(SocketError.TimedOut)) when the timer fired");
        if (call.Retransmissions >= limit)
            return new Breach($"retransmitted again after {call.Retransmissions} retransmissions, but {name} is {limit}: at the limit, give up with c.DeleteTcb(SocketError.TimedOut)");
        if (call.Handler == Handler.SynSentTimeout && c.Retransmissions <= c.Limits.SynLinearTimeouts)
            return c.Rto == call.Rto
                ? null
                : new Breach($"changed the RTO to {Seconds(c.Rto)} in a linear retransmission ({c.Retransmissions} of c.Limits.SynLinearTimeouts = {c.Limits.SynLinearTimeouts}): Linux keeps it for those, then backs off", "Linux tcp_syn_linear_timeouts");
        var backedOff = call.Rto + call.Rto < c.Limits.MaxRto ? call.Rto + call.Rto : c.Limits.MaxRto;
        if (c.Rto < backedOff)
            return new Breach($"left the RTO at {Seconds(c.Rto)} after a retransmission: back off, RTO = RTO x 2 ({Seconds(backedOff)}), before restarting the timer", "RFC 6298 (5.5)");
        return null;
    }

    // What the RFC requires of particular segments in particular states, beyond the state they lead to.
    private static Breach? EventRules(Call call, Connection c, bool sentAck, bool sentRst)
    {
        if (call.Segment is not { } seg) return null;
        return call.Handler switch
        {
            Handler.OnSegmentInSynSent when seg.IsAck && !seg.IsRst && !seg.Ack.IsAfterAndAtMost(c.Iss, call.SndNxt) && !sentRst =>
                new Breach($"got an ACK of {Send(seg.Ack, c)}, which does not acknowledge your SYN (ISS < SEG.ACK <= SND.NXT fails), and sent no RST: answer it with <SEQ=SEG.ACK><CTL=RST>"),
            Handler.OnSegmentInListen when seg is { IsAck: true, IsRst: false } && !sentRst =>
                new Breach("got an ACK in LISTEN, which acknowledges nothing this connection sent, and sent no RST: answer it with <SEQ=SEG.ACK><CTL=RST>"),
            Handler.OnSegmentInSynReceived when seg.IsRst && c.State == TcpState.SynReceived && c.IsAcceptable(seg) =>
                new Breach("got an acceptable RST in SYN_RCVD and kept the half-open connection: a RST ends it (c.DeleteTcb(...))"),
            Handler.OnSegmentInSynReceived when seg is { IsSyn: true, IsAck: false, IsRst: false } s && s.Seq == c.Irs && !call.Sent.Any(x => x.IsSyn) =>
                new Breach("got the peer's SYN again (its SEG.SEQ is IRS): your SYN+ACK was lost, so send it again (c.RetransmitEarliest())"),
            Handler.OnSegmentInSynReceived when seg is { IsAck: true, IsRst: false, IsSyn: false } s && c.IsAcceptable(s) && !s.Ack.IsAfterAndAtMost(call.SndUna, call.SndNxt) && !sentRst =>
                new Breach($"got an ACK of {Send(s.Ack, c)}, which acknowledges nothing of yours (SND.UNA < SEG.ACK <= SND.NXT fails), and sent no RST: answer it with <SEQ=SEG.ACK><CTL=RST>"),
            Handler.OnSegmentInTimeWait when seg is { IsSyn: true, IsRst: false } && !sentAck =>
                new Breach("got a SYN in TIME_WAIT and sent no ACK: answer it with a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>", "RFC 9293 §3.10.7.4, fourth; RFC 5961 §4"),
            Handler.OnSegmentInTimeWait when seg is { IsSyn: false, IsRst: false, IsFin: false } s && !c.IsAcceptable(s) && !sentAck =>
                new Breach("got an unacceptable segment in TIME_WAIT and sent no ACK: an unacceptable segment is answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>", "RFC 9293 §3.10.7.4, first"),
            Handler.OnReset when c.State == TcpState.Closed && call.State is TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2 or TcpState.CloseWait
                                  && c.Error != System.Net.Sockets.SocketError.ConnectionReset =>
                new Breach($"reset a connection an app may still use ({call.State.ToTraceName()}) without telling it: c.DeleteTcb(SocketError.ConnectionReset)"),
            Handler.OnReset when c.State == TcpState.Closed && call.State is TcpState.Closing or TcpState.LastAck && c.Error is not null =>
                new Breach($"reported {c.Error} for a connection the app has already closed ({call.State.ToTraceName()}): c.DeleteTcb(SocketError.Success)"),
            Handler.OnSegmentInTimeWait when seg is { IsFin: true, IsRst: false } && !sentAck =>
                new Breach("got the peer's FIN again (your last ACK was lost) and sent no ACK: acknowledge it again and restart the TIME_WAIT timer, or the peer retransmits its FIN until it gives up"),
            Handler.OnReset when seg.Seq != c.RcvNxt && InWindow(seg, c) && !sentAck =>
                new Breach($"got a RST inside the window but not at RCV.NXT ({Receive(seg.Seq, c)}, RCV.NXT {Receive(c.RcvNxt, c)}) and sent no challenge ACK: send <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>", "RFC 5961 §3.2"),
            Handler.OnReset when !InWindow(seg, c) && call.Sent.Count > 0 =>
                new Breach($"answered a RST outside the window ({Receive(seg.Seq, c)}; the window starts at RCV.NXT {Receive(c.RcvNxt, c)}): drop it, sending nothing", "RFC 5961 §3.2"),
            _ => null,
        };
    }

    private static bool InWindow(Segment seg, Connection c) => seg.Seq >= c.RcvNxt && seg.Seq < c.RcvNxt + c.RcvWnd;

    // Sequence numbers as the traces show them (relative to each side's initial number), then absolute.
    private static string Send(SeqNum n, Connection c) => $"ISS + {n - c.Iss} ({n})";

    private static string Receive(SeqNum n, Connection c) => $"IRS + {n - c.Irs} ({n})";

    private static string Seconds(TimeSpan t) => Tracing.Trace.Seconds(t) + " s";

    private static string Show(Segment s, Connection c) =>
        $"{s.Flags.ToString().Replace(", ", "+", StringComparison.Ordinal)} seq {Receive(s.Seq, c)}{(s.IsAck ? $" ack {Send(s.Ack, c)}" : "")}{(s.Payload.Length > 0 ? $" with {s.Payload.Length} bytes" : "")}";

    private static string Values(Connection c) =>
        $"ISS {c.Iss}, IRS {c.Irs}, SND.UNA {Send(c.SndUna, c)}, SND.NXT {Send(c.SndNxt, c)}, RCV.NXT {Receive(c.RcvNxt, c)}, RTO {Seconds(c.Rto)}, retransmissions {c.Retransmissions}, " +
        $"retransmission timer {(c.IsRetransmissionTimerRunning ? "running" : "stopped")}, TIME_WAIT timer {(c.IsTimeWaitTimerRunning ? "running" : "stopped")}" +
        (c.Error is { } e and not SocketError.Success ? $", error {e}" : "");
}
