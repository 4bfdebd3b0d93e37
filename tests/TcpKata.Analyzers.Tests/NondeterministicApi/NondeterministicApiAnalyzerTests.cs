namespace TcpKata.Analyzers.Tests.NondeterministicApi;

using Verify = Verify<NondeterministicApiAnalyzer>;

/// <summary>TCPK006: nondeterministic APIs in exercise code (namespace TcpKata.Exercises).</summary>
public class NondeterministicApiAnalyzerTests
{
    private static string Exercise(string body) => $$"""
        namespace TcpKata.Exercises;
        class EchoServer
        {
            async Task RunAsync(TcpSocket listener)
            {
                {{body}}
                await Task.CompletedTask;
            }
        }
        """;

    [Test]
    public Task WallClockIsReported() => Verify.Analyzer(Exercise("var a = {|TCPK006:DateTime.Now|}; var b = {|TCPK006:DateTimeOffset.UtcNow|}; var t = {|TCPK006:Environment.TickCount64|};"));

    [Test]
    public Task StopwatchIsReported() => Verify.Analyzer(Exercise("var w = {|TCPK006:System.Diagnostics.Stopwatch.StartNew()|};"));

    [Test]
    public Task ThreadSleepIsReported() => Verify.Analyzer(Exercise("{|TCPK006:Thread.Sleep(100)|};"));

    [Test]
    public Task TaskDelayIsReported() => Verify.Analyzer(Exercise("await {|TCPK006:Task.Delay(TimeSpan.FromSeconds(1))|};"));

    [Test]
    public Task TaskDelayAsAMethodGroupIsReported() => Verify.Analyzer(Exercise("Func<int, Task> sleep = {|TCPK006:Task.Delay|}; await sleep(1);"));

    [Test]
    public Task TaskRunIsReported() => Verify.Analyzer(Exercise("await {|TCPK006:Task.Run(() => 1)|};"));

    [Test]
    public Task UnseededRandomIsReported() => Verify.Analyzer(Exercise("var r = {|TCPK006:new Random()|}; var s = {|TCPK006:Random.Shared|}; var g = {|TCPK006:Guid.NewGuid()|};"));

    [Test]
    public Task RealSocketIsReported() => Verify.Analyzer(Exercise("var s = {|TCPK006:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|}; var c = {|TCPK006:new TcpClient()|};"));

    [Test]
    public Task NewThreadIsReported() => Verify.Analyzer(Exercise("var t = {|TCPK006:new Thread(() => { })|}; {|TCPK006:t.Start()|};"));

    [Test]
    public Task SeededRandomIsSilent() => Verify.Analyzer(Exercise("var r = new Random(42); var n = r.Next();"));

    [Test]
    public Task SocketEnumsAndExceptionsAreSilent() => Verify.Analyzer(Exercise("""
        try { listener.Shutdown(SocketShutdown.Send); } catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
        """));

    [Test]
    public Task TaskCombinatorsAreSilent() => Verify.Analyzer(Exercise("await Task.WhenAll(Task.CompletedTask, Task.FromResult(1)); var d = TimeSpan.FromSeconds(2);"));

    [Test]
    public Task AnExtraBannedSymbolsFileBansMore() => Verify.Analyzer(
        Exercise("var secret = {|TCPK006:File.ReadAllText(\"../alice/EchoServer.cs\")|}; var ok = Path.GetFileName(\"x\");"),
        [("TcpKata.BannedSymbols.txt", "# the grader's sandbox\nT:System.IO.File\n")]);

    [Test]
    public Task CodeOutsideTheExercisesIsSilent() => Verify.Analyzer("""
        namespace TcpKata.Tools;
        class Clock { DateTime Now() { Thread.Sleep(1); return DateTime.Now; } }
        """);
}
