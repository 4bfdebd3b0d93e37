namespace TcpKata.Cli.Tests.Mistakes;

/// <summary>
/// A classic mistake: one small change to an exercise's reference solution, and what the first failure a student reads
/// (the loop's "start here") must name: the handler that made it, and the idea (a state, a variable, a rule).
/// </summary>
/// <param name="Name">What the student did wrong, in a few words.</param>
/// <param name="Exercise">The exercise whose file changes (01..06); earlier ones are the reference, later ones stubs.</param>
/// <param name="Find">Text of the reference file, found exactly once.</param>
/// <param name="Replace">What it becomes.</param>
/// <param name="Handler">The handler the first failure must name, or the start of its name where a helper serves several
/// (null for an app's mistake, which no handler contract sees).</param>
/// <param name="Idea">What the first failure must say (e.g. "SND.NXT", "CLOSE_WAIT").</param>
/// <param name="Covers">Words of the handler's [Contract] task (one of its "; " clauses) this mistake breaks: every clause
/// must be broken by some mistake, so every instruction a stub gives is one a test requires.</param>
public sealed record Mistake(string Name, int Exercise, string Find, string Replace, string? Handler, string Idea, string? Covers = null)
{
    public override string ToString() => Name;
}

/// <summary>The corpus: at least one mistake for each thing a stub or README asks of the student, exercises 01–06.</summary>
public static class MistakeCorpus
{
    public static readonly Mistake[] All =
    [
        // 01: client handshake
        new("connect never enters SYN_SENT", 1, "        c.State = TcpState.SynSent;\n", "", "ClientHandshake.OnConnect", "SYN_SENT",
            Covers: "then move to SYN_SENT"),
        new("SND.NXT not advanced past the SYN", 1, "c.SndNxt = c.Iss + 1; // the SYN occupies one sequence number", "", "ClientHandshake.OnConnect", "SND.NXT"),
        new("connect sends no SYN", 1, "c.Send(TcpFlags.Syn, c.Iss);", "", "ClientHandshake.OnConnect", "SYN"),
        new("SYN+ACK acked without + 1", 1, "c.RcvNxt = seg.Seq + 1;", "c.RcvNxt = seg.Seq;", "ClientHandshake.OnSegmentInSynSent", "RCV.NXT",
            Covers: "on a valid SYN+ACK set IRS = SEG.SEQ"),
        new("IRS not set", 1, "        c.Irs = seg.Seq;\n", "", "ClientHandshake.OnSegmentInSynSent", "IRS"),
        new("SYN+ACK never completes the handshake", 1, "            c.State = TcpState.Established;\n", "", "ClientHandshake.OnSegmentInSynSent", "ESTABLISHED"),
        new("SND.UNA not advanced by the SYN+ACK", 1, "if (seg.IsAck) c.SndUna = seg.Ack;", "", "ClientHandshake.OnSegmentInSynSent", "SND.UNA"),
        new("SYN+ACK not validated", 1, "if (seg.IsAck && (seg.Ack <= c.Iss || seg.Ack > c.SndNxt))", "if (seg.IsAck && seg.Ack == c.SndNxt + 1_000_000)",
            "ClientHandshake.OnSegmentInSynSent", "acknowledge your SYN"),
        new("RST with an acceptable ACK ignored in SYN_SENT", 1, "if (seg.IsAck) c.DeleteTcb(SocketError.ConnectionRefused);", "",
            "ClientHandshake.OnSegmentInSynSent", "RST",
            Covers: "a RST with an acceptable ACK means nobody listens there"),
        new("SYN not backed off", 1, "if (c.Retransmissions > c.Limits.SynLinearTimeouts) c.Rto *= 2;", "", "ClientHandshake.OnRetransmissionTimeout", "RTO"),
        new("SYN timer not restarted", 1, "c.RestartRetransmissionTimer();  // (5.6)", "", "ClientHandshake.OnRetransmissionTimeout", "retransmission timer",
            Covers: "otherwise retransmit the SYN, double the RTO and restart the timer"),
        new("one SYN retransmission too many", 1, "c.Retransmissions >= c.Limits.SynRetries", "c.Retransmissions > c.Limits.SynRetries",
            "ClientHandshake.OnRetransmissionTimeout", "SynRetries",
            Covers: "after c.Limits.SynRetries retransmissions give up"),
        new("SYN given up one retransmission early", 1, "c.Retransmissions >= c.Limits.SynRetries", "c.Retransmissions >= c.Limits.SynRetries - 1",
            "ClientHandshake.OnRetransmissionTimeout", "SynRetries"),

        // 02: server handshake
        new("SYN answered but LISTEN kept", 2, "        c.State = TcpState.SynReceived;\n", "", "ServerHandshake.OnSegmentInListen", "SYN_RCVD",
            Covers: "on a SYN set IRS and RCV.NXT = SEG.SEQ + 1"),
        new("SND.NXT not advanced past the SYN+ACK", 2, "        c.SndNxt = c.Iss + 1;\n", "", "ServerHandshake.OnSegmentInListen", "SND.NXT"),
        new("SYN acked without + 1", 2, "c.RcvNxt = seg.Seq + 1;", "c.RcvNxt = seg.Seq;", "ServerHandshake.OnSegmentInListen", "RCV.NXT"),
        new("final ACK never completes the handshake", 2, "            c.State = TcpState.Established;\n", "", "ServerHandshake.OnSegmentInSynReceived", "ESTABLISHED",
            Covers: "on an ACK with SND.UNA < SEG.ACK <= SND.NXT set SND.UNA and move to ESTABLISHED"),
        new("SND.UNA not advanced by the final ACK", 2, "            c.SndUna = seg.Ack;\n", "", "ServerHandshake.OnSegmentInSynReceived", "SND.UNA"),
        new("ACK in LISTEN not answered with a RST", 2, "        if (seg.IsAck)\n        {\n            c.Send(TcpFlags.Rst, seg.Ack);\n", "        if (seg.IsAck)\n        {\n",
            "ServerHandshake.OnSegmentInListen", "RST",
            Covers: "ignore a RST, answer an ACK with <SEQ=SEG.ACK><CTL=RST>"),
        new("RST in SYN_RCVD ignored", 2, "c.DeleteTcb(c.IsPassiveOpen ? SocketError.Success : SocketError.ConnectionRefused);", "",
            "ServerHandshake.OnSegmentInSynReceived", "RST",
            Covers: "a RST ends the half-open connection"),
        new("SYN+ACK not backed off", 2, "c.Rto *= 2;                      // (5.5)", "", "ServerHandshake.OnRetransmissionTimeout", "RTO",
            Covers: "otherwise retransmit the SYN+ACK, double the RTO and restart the timer"),
        new("one SYN+ACK retransmission too many", 2, "c.Retransmissions >= c.Limits.SynAckRetries", "c.Retransmissions > c.Limits.SynAckRetries",
            "ServerHandshake.OnRetransmissionTimeout", "SynAckRetries",
            Covers: "after c.Limits.SynAckRetries retransmissions drop the half-open connection"),

        // 03: passive close
        new("FIN taken but CLOSE_WAIT not entered", 3, "        c.State = TcpState.CloseWait;\n", "", "PassiveClose.OnFin", "CLOSE_WAIT",
            Covers: "set RCV.NXT = SEG.SEQ + SEG.LEN (the FIN counts one), send an ACK <SEQ=SND.NXT><ACK=RCV.NXT> and move to CLOSE_WAIT"),
        new("closing at once on a FIN", 3, "c.State = TcpState.CloseWait;", "c.State = TcpState.Closed;", "PassiveClose.OnFin", "CLOSE_WAIT"),
        new("FIN with data acked as SEG.SEQ + 1", 3, "c.RcvNxt = seg.End;", "c.RcvNxt = seg.Seq + 1;", "PassiveClose.OnFin", "RCV.NXT"),
        new("FIN not acknowledged", 3, "        c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);\n        c.State = TcpState.CloseWait;", "        c.State = TcpState.CloseWait;",
            "PassiveClose.OnFin", "ACK"),
        new("close sends no FIN", 3, "        c.Send(TcpFlags.Fin | TcpFlags.Ack, c.SndNxt, c.RcvNxt);\n", "", "PassiveClose.OnClose", "FIN"),
        new("SND.NXT not advanced past the FIN (passive)", 3, "c.SndNxt += 1; // the FIN occupies one sequence number", "", "PassiveClose.OnClose", "SND.NXT",
            Covers: "set SND.NXT = SND.NXT + 1 and move to LAST_ACK"),
        new("LAST_ACK not entered", 3, "        c.State = TcpState.LastAck;\n", "", "PassiveClose.OnClose", "LAST_ACK"),
        new("LAST_ACK never closes", 3, "if (seg.IsAck && seg.Ack == c.SndNxt) c.State = TcpState.Closed;", "", "PassiveClose.OnSegmentInLastAck", "CLOSED",
            Covers: "when SEG.ACK acknowledges your FIN (SEG.ACK == SND.NXT) move to CLOSED"),
        new("one FIN retransmission too many (passive)", 3, "c.Retransmissions >= c.Limits.FinRetries", "c.Retransmissions > c.Limits.FinRetries",
            "PassiveClose.OnRetransmissionTimeout", "FinRetries",
            Covers: "after c.Limits.FinRetries retransmissions give up with c.DeleteTcb(SocketError.TimedOut)"),
        new("FIN timer not restarted (passive)", 3, "c.RestartRetransmissionTimer();  // (5.6)", "", "PassiveClose.OnRetransmissionTimeout", "retransmission timer",
            Covers: "otherwise retransmit the FIN, double the RTO and restart the timer"),

        // 04: active close
        new("SND.NXT not advanced past the FIN (active)", 4, "c.SndNxt += 1; // the FIN occupies one sequence number", "", "ActiveClose.OnClose", "SND.NXT",
            Covers: "set SND.NXT = SND.NXT + 1 and move to FIN_WAIT_1"),
        new("FIN_WAIT_2 never entered", 4, "if (finAcknowledged) c.State = TcpState.FinWait2;", "", "ActiveClose.OnSegmentInFinWait1", "FIN_WAIT_2",
            Covers: "your FIN is acknowledged when SND.UNA == SND.NXT: then FIN_WAIT_2"),
        new("no TIME_WAIT timer", 4, "        c.State = TcpState.TimeWait;\n        c.StartTimeWaitTimer();", "        c.State = TcpState.TimeWait;",
            "ActiveClose.OnSegmentIn", "TIME_WAIT timer",
            Covers: "move to TIME_WAIT and start the TIME_WAIT timer (c.StartTimeWaitTimer())"),
        new("no re-ACK in TIME_WAIT", 4, "        if (seg.IsFin)\n        {\n            c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);\n", "        if (seg.IsFin)\n        {\n",
            "ActiveClose.OnSegmentInTimeWait", "ACK",
            Covers: "on a retransmitted FIN (your last ACK was lost) send the ACK again"),
        new("TIME_WAIT never ends", 4, "public void OnTimeWaitTimeout(Connection c) => c.State = TcpState.Closed;", "public void OnTimeWaitTimeout(Connection c) { }",
            "ActiveClose.OnTimeWaitTimeout", "CLOSED",
            Covers: "move to CLOSED (the kit deletes the TCB)"),
        new("peer's FIN acked without its data", 4, "c.RcvNxt = seg.End; // SEG.SEQ + SEG.LEN: past any data and the FIN's one sequence number", "c.RcvNxt = seg.Seq + 1;",
            "ActiveClose.OnSegmentInFinWait", "RCV.NXT",
            Covers: "on the peer's FIN set RCV.NXT = SEG.SEQ + SEG.LEN, acknowledge it and move to TIME_WAIT (start its timer) if your FIN is acknowledged too, else to CLOSING"),
        new("CLOSING never reaches TIME_WAIT", 4, "if (c.SndUna == c.SndNxt) EnterTimeWait(c);", "", "ActiveClose.OnSegmentInClosing", "TIME_WAIT",
            Covers: "when your FIN is acknowledged (SND.UNA == SND.NXT) move to TIME_WAIT"),

        // 05: resets
        new("an out-of-window RST accepted", 5, "if (!c.IsAcceptable(seg)) return;", "", "ResetHandling.OnReset", "window",
            Covers: "drop a RST outside the receive window"),
        new("no challenge ACK for a RST inside the window", 5, "            c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);\n            return;", "            return;",
            "ResetHandling.OnReset", "challenge ACK",
            Covers: "answer one inside it but not at RCV.NXT with a challenge ACK"),
        new("a RST anywhere in the window resets", 5, "if (seg.Seq != c.RcvNxt)", "if (seg.Seq != c.RcvNxt && seg.Seq == c.RcvNxt)", "ResetHandling.OnReset", "RCV.NXT"),

        // Clauses no mistake above breaks.
        new("unacceptable ACK in SYN_RCVD not answered with a RST", 2, "        else\n        {\n            c.Send(TcpFlags.Rst, seg.Ack);\n        }\n", "",
            "ServerHandshake.OnSegmentInSynReceived", "RST", Covers: "answer an unacceptable ACK with a RST"),
        new("repeated SYN in SYN_RCVD not answered", 2, "        if (seg.IsSyn && !seg.IsAck && seg.Seq == c.Irs)\n        {\n            c.RetransmitEarliest();\n            return;\n        }\n", "",
            "ServerHandshake.OnSegmentInSynReceived", "SYN+ACK", Covers: "a repeated SYN means your SYN+ACK was lost"),
        new("acceptable RST in TIME_WAIT ignored", 4, "if (c.IsAcceptable(seg)) c.State = TcpState.Closed;", "", "ActiveClose.OnSegmentInTimeWait", "RST",
            Covers: "an acceptable RST ends TIME_WAIT (CLOSED)"),
        new("SYN in TIME_WAIT not answered", 4, "        if (seg.IsSyn)\n        {\n            c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);\n            return;\n        }\n", "        if (seg.IsSyn) return;\n",
            "ActiveClose.OnSegmentInTimeWait", "challenge ACK", Covers: "answer a SYN with a challenge ACK"),
        new("unacceptable segment in TIME_WAIT not answered", 4, "if (!c.IsAcceptable(seg)) c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);", "",
            "ActiveClose.OnSegmentInTimeWait", "unacceptable", Covers: "answer any other unacceptable segment with an ACK"),
        new("one FIN retransmission too many (active)", 4, "c.Retransmissions >= c.Limits.FinRetries", "c.Retransmissions > c.Limits.FinRetries",
            "ActiveClose.OnRetransmissionTimeout", "FinRetries", Covers: "after c.Limits.FinRetries retransmissions give up with c.DeleteTcb(SocketError.TimedOut)"),
        new("FIN timer not restarted (active)", 4, "c.RestartRetransmissionTimer();  // (5.6)", "", "ActiveClose.OnRetransmissionTimeout", "retransmission timer",
            Covers: "otherwise retransmit the FIN, double the RTO and restart the timer"),
        new("a reset not reported to the app", 5, "c.DeleteTcb(SocketError.ConnectionReset);", "c.DeleteTcb(SocketError.Success);", "ResetHandling.OnReset", "ConnectionReset",
            Covers: "on SEG.SEQ == RCV.NXT reset"),

        // 06: echo server
        new("echo server never closes on a zero-byte receive", 6, "using var socket = connection;", "var socket = connection;", null, "CLOSE_WAIT"),
    ];
}
