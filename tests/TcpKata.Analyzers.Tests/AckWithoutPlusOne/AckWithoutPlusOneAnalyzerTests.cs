namespace TcpKata.Analyzers.Tests.AckWithoutPlusOne;

using Verify = Verify<AckWithoutPlusOneAnalyzer>;

/// <summary>TCPK005: acknowledging a SYN or FIN with SEG.SEQ instead of SEG.SEQ + 1.</summary>
public class AckWithoutPlusOneAnalyzerTests
{
    private static string Handler(string body) => $$"""
        class Handlers
        {
            public void OnSegment(Connection c, Segment seg)
            {
                {{body}}
            }
        }
        """;

    [Test]
    public Task RcvNxtSetToTheSynsSeqIsReported() => Verify.Analyzer(Handler("c.Irs = seg.Seq; c.RcvNxt = {|TCPK005:seg.Seq|};"));

    [Test]
    public Task AckArgumentSetToTheFinsSeqIsReported() => Verify.Analyzer(Handler("c.Send(TcpFlags.Ack, c.SndNxt, {|TCPK005:seg.Seq|});"));

    [Test]
    public Task NamedAckArgumentIsReported() => Verify.Analyzer(Handler("c.Send(TcpFlags.Ack, ack: {|TCPK005:seg.Seq|}, seq: c.SndNxt);"));

    [Test]
    public Task ParenthesizedSeqIsReported() => Verify.Analyzer(Handler("c.RcvNxt = ({|TCPK005:seg.Seq|});"));

    [Test]
    public Task SynAckAcknowledgingTheSynsSeqIsReported() => Verify.Analyzer(Handler("c.Send(TcpFlags.Syn | TcpFlags.Ack, c.Iss, {|TCPK005:seg.Seq|});"));

    [Test]
    public Task InsideALambdaIsReported() => Verify.Analyzer(Handler("Action ack = () => c.RcvNxt = {|TCPK005:seg.Seq|}; ack();"));

    [Test]
    public Task PlusOneIsSilent() => Verify.Analyzer(Handler("c.RcvNxt = seg.Seq + 1; c.Send(TcpFlags.Ack, c.SndNxt, seg.Seq + 1);"));

    [Test]
    public Task SegmentEndIsSilent() => Verify.Analyzer(Handler("c.RcvNxt = seg.End; c.RcvNxt = seg.Seq + seg.Length;"));

    [Test]
    public Task IrsFromSeqIsSilent() => Verify.Analyzer(Handler("c.Irs = seg.Seq;"));

    [Test]
    public Task ResetWithTheSegmentsAckAsSeqIsSilent() => Verify.Analyzer(Handler("c.Send(TcpFlags.Rst, seg.Ack);"));

    [Test]
    public Task ComparingSeqIsSilent() => Verify.Analyzer(Handler("if (seg.Seq != c.RcvNxt) c.Send(TcpFlags.Ack, c.SndNxt, c.RcvNxt);"));

    [Test]
    public Task SndUnaFromAckIsSilent() => Verify.Analyzer(Handler("c.SndUna = seg.Ack;"));
}
