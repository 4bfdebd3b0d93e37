namespace TcpKata.Analyzers.Tests.ConstantInitialSequenceNumber;

using Verify = Verify<ConstantInitialSequenceNumberAnalyzer>;

/// <summary>TCPK004: a constant ISN in handler code.</summary>
public class ConstantInitialSequenceNumberAnalyzerTests
{
    private static string Handler(string body) => $$"""
        class ClientHandshake
        {
            public void OnConnect(Connection c)
            {
                {{body}}
            }
        }
        """;

    [Test]
    public Task IntegerLiteralIsReported() => Verify.Analyzer(Handler("c.Iss = {|TCPK004:1000|};"));

    [Test]
    public Task ZeroIsReported() => Verify.Analyzer(Handler("c.Iss = {|TCPK004:0u|};"));

    [Test]
    public Task NewSeqNumOfAConstantIsReported() => Verify.Analyzer(Handler("c.Iss = {|TCPK004:new SeqNum(42)|};"));

    [Test]
    public Task DefaultIsReported() => Verify.Analyzer(Handler("c.Iss = {|TCPK004:default|};"));

    [Test]
    public Task ConstantLocalIsReported() => Verify.Analyzer(Handler("const uint Isn = 7; c.Iss = {|TCPK004:Isn|};"));

    [Test]
    public Task MaxValueIsReported() => Verify.Analyzer(Handler("c.Iss = {|TCPK004:uint.MaxValue|};"));

    [Test]
    public Task SynSentWithAConstantSequenceNumberIsReported() => Verify.Analyzer(Handler("c.Send(TcpFlags.Syn, {|TCPK004:1000|});"));

    [Test]
    public Task SynAckSentWithAConstantSequenceNumberIsReported() => Verify.Analyzer(Handler("c.Send(TcpFlags.Syn | TcpFlags.Ack, {|TCPK004:5|}, c.RcvNxt);"));

    [Test]
    public Task NewIsnIsSilent() => Verify.Analyzer(Handler("c.Iss = c.NewIsn(); c.Send(TcpFlags.Syn, c.Iss);"));

    [Test]
    public Task ConstantSequenceNumberOnAnAckIsSilent() => Verify.Analyzer(Handler("c.Send(TcpFlags.Ack, 1000, c.RcvNxt);"));

    [Test]
    public Task ConstantIrsIsSilent() => Verify.Analyzer(Handler("c.Irs = 0u;"));

    [Test]
    public Task IsnFromAnotherVariableIsSilent() => Verify.Analyzer(Handler("var isn = c.NewIsn(); c.Iss = isn; c.SndNxt = c.Iss + 1;"));

    [Test]
    public Task FixUsesNewIsn() => Verify.CodeFix<ConstantInitialSequenceNumberCodeFix>(
        Handler("c.Iss = {|TCPK004:1000|};"),
        Handler("c.Iss = c.NewIsn();"));
}
