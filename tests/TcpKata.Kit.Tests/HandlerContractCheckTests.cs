using System.Net.Sockets;
using TcpKata.Scripts;

namespace TcpKata.Kit.Tests;

/// <summary>
/// The handler contracts (kit/Tcp/HandlerContracts.cs) judge what a handler leaves behind, not how it is written: handlers
/// that differ from the reference in order and in means, but are correct, run every exercise script without a breach.
/// </summary>
public sealed class HandlerContractCheckTests
{
    /// <summary>The same handshake, written otherwise: the state first, SND.NXT moved after the send, SND.UNA from the ACK.</summary>
    private sealed class StateFirstClient(IClientHandshake reference) : IClientHandshake
    {
        public void OnConnect(Connection c)
        {
            c.State = TcpState.SynSent;
            c.Iss = c.NewIsn();
            c.SndUna = c.SndNxt = c.Iss;
            c.Send(TcpFlags.Syn, c.SndNxt);
            c.SndNxt += 1;
        }

        public void OnSegmentInSynSent(Connection c, Segment seg) => reference.OnSegmentInSynSent(c, seg);

        public void OnRetransmissionTimeout(Connection c)
        {
            if (c.Retransmissions == c.Limits.SynRetries)
            {
                c.DeleteTcb(SocketError.TimedOut);
                return;
            }
            c.Rto += c.Rto;
            c.RestartRetransmissionTimer();
            c.RetransmitEarliest();
        }
    }

    /// <summary>Closing by deleting the TCB rather than by setting CLOSED, and the LAST_ACK test on SND.UNA.</summary>
    private sealed class DeletingPassiveClose(IPassiveClose reference) : IPassiveClose
    {
        public void OnFin(Connection c, Segment seg)
        {
            c.State = TcpState.CloseWait;
            c.RcvNxt = seg.Seq + seg.Length;
            c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);
        }

        public void OnClose(Connection c) => reference.OnClose(c);

        public void OnSegmentInLastAck(Connection c, Segment seg)
        {
            if (c.SndUna == c.SndNxt) c.DeleteTcb(SocketError.Success);
        }

        public void OnRetransmissionTimeout(Connection c) => reference.OnRetransmissionTimeout(c);
    }

    private sealed class DeletingActiveClose(IActiveClose reference) : IActiveClose
    {
        public void OnClose(Connection c)
        {
            c.SndNxt += 1;
            c.Send(TcpFlags.Fin | TcpFlags.Ack, c.SndNxt - 1, c.RcvNxt);
            c.State = TcpState.FinWait1;
        }

        public void OnSegmentInFinWait1(Connection c, Segment seg) => reference.OnSegmentInFinWait1(c, seg);
        public void OnSegmentInFinWait2(Connection c, Segment seg) => reference.OnSegmentInFinWait2(c, seg);
        public void OnSegmentInClosing(Connection c, Segment seg) => reference.OnSegmentInClosing(c, seg);
        public void OnSegmentInTimeWait(Connection c, Segment seg) => reference.OnSegmentInTimeWait(c, seg);
        public void OnTimeWaitTimeout(Connection c) => c.DeleteTcb(SocketError.Success);
        public void OnRetransmissionTimeout(Connection c) => reference.OnRetransmissionTimeout(c);
    }

    private static IEnumerable<TestCaseData> ExerciseScripts() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "tests", "TcpKata.Tests"), "*.pkt", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(Path.GetRelativePath(Repository.Root, f).Replace('\\', '/')).SetArgDisplayNames(Path.GetFileName(f)));

    [TestCaseSource(nameof(ExerciseScripts))]
    public void Contracts_CorrectHandlersWrittenOtherwise_PassEveryExerciseScript(string script)
    {
        var reference = Reference.Handlers();
        var handlers = new TcpHandlers(new StateFirstClient(reference.ClientHandshake), reference.ServerHandshake,
            new DeletingPassiveClose(reference.PassiveClose), new DeletingActiveClose(reference.ActiveClose), reference.ResetHandling);
        var lenient = script.Split('/').Contains("linux");
        Assert.DoesNotThrow(() => PktRunner.Run(PktParser.Parse(File.ReadAllText(Path.Combine(Repository.Root, script)), script), handlers,
            new PktRunOptions { LenientOptions = lenient }));
    }
}
