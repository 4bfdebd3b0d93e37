namespace TcpKata.Analyzers.Tests.UseAfterClose;

using Verify = Verify<UseAfterCloseAnalyzer>;

/// <summary>TCPK003: a connection used after Close or Dispose on some path.</summary>
public class UseAfterCloseAnalyzerTests
{
    [Test]
    public Task SendAfterCloseIsReported() => Verify.Analyzer("""
        class C
        {
            void M(Socket s, byte[] b)
            {
                s.Close();
                {|TCPK003:s.Send(b)|};
            }
        }
        """);

    [Test]
    public Task ReceiveAfterDisposeIsReported() => Verify.Analyzer("""
        class C
        {
            int M(TcpSocket s, byte[] b)
            {
                s.Dispose();
                return {|TCPK003:s.Receive(b)|};
            }
        }
        """);

    [Test]
    public Task UseAfterACloseOnOnePathIsReported() => Verify.Analyzer("""
        class C
        {
            void M(Socket s, byte[] b, bool done)
            {
                if (done) s.Close();
                {|TCPK003:s.Send(b)|};
            }
        }
        """);

    [Test]
    public Task CloseInsideALoopIsReportedAtTheNextIteration() => Verify.Analyzer("""
        class C
        {
            void M(Socket s, byte[] b)
            {
                for (var i = 0; i < 3; i++)
                {
                    {|TCPK003:s.Send(b)|};
                    s.Close();
                }
            }
        }
        """);

    [Test]
    public Task AwaitedSendAfterCloseIsReported() => Verify.Analyzer("""
        class C
        {
            async Task M(TcpSocket s, byte[] b)
            {
                s.Close();
                await {|TCPK003:s.SendAsync(b)|};
            }
        }
        """);

    [Test]
    public Task TcpClientStreamAfterCloseIsReported() => Verify.Analyzer("""
        class C
        {
            Stream M(TcpClient client)
            {
                client.Close();
                return {|TCPK003:client.GetStream()|};
            }
        }
        """);

    [Test]
    public Task PropertyReadAfterCloseIsReported() => Verify.Analyzer("""
        class C
        {
            EndPoint? M(Socket s)
            {
                s.Close();
                return {|TCPK003:s.RemoteEndPoint|};
            }
        }
        """);

    [Test]
    public Task UseInALocalFunctionAfterItsCloseIsReported() => Verify.Analyzer("""
        class C
        {
            void M(Socket listener)
            {
                Run();
                void Run()
                {
                    var s = listener.Accept();
                    s.Dispose();
                    {|TCPK003:s.Shutdown(SocketShutdown.Both)|};
                }
            }
        }
        """);

    [Test]
    public Task CloseAfterTheLastUseIsSilent() => Verify.Analyzer("""
        class C
        {
            void M(Socket s, byte[] b)
            {
                s.Send(b);
                s.Shutdown(SocketShutdown.Send);
                s.Close();
            }
        }
        """);

    [Test]
    public Task SecondCloseAndDisposeAreSilent() => Verify.Analyzer("""
        class C
        {
            void M(TcpSocket s)
            {
                s.Close();
                s.Close();
                s.Dispose();
            }
        }
        """);

    [Test]
    public Task CloseThenUsingDisposeIsSilent() => Verify.Analyzer("""
        class C
        {
            void M(Socket listener, byte[] b)
            {
                using var s = listener.Accept();
                s.Send(b);
                s.Close();
            }
        }
        """);

    [Test]
    public Task ReassignedAfterCloseIsSilent() => Verify.Analyzer("""
        class C
        {
            void M(Socket listener, byte[] b)
            {
                var s = listener.Accept();
                s.Close();
                s = listener.Accept();
                s.Send(b);
                s.Close();
            }
        }
        """);

    [Test]
    public Task NewConnectionEachIterationIsSilent() => Verify.Analyzer("""
        class C
        {
            void M(TcpSocket listener, byte[] b)
            {
                while (true)
                {
                    var s = listener.Accept();
                    s.Send(b);
                    s.Close();
                }
            }
        }
        """);

    [Test]
    public Task CloseAndUseOnExclusiveBranchesAreSilent() => Verify.Analyzer("""
        class C
        {
            void M(Socket s, byte[] b, bool done)
            {
                if (done) s.Close();
                else s.Send(b);
            }
        }
        """);

    [Test]
    public Task ReadingConnectedOrStateAfterCloseIsSilent() => Verify.Analyzer("""
        class C
        {
            bool M(Socket s, TcpSocket t)
            {
                s.Close();
                t.Close();
                return s.Connected || t.State == TcpState.Closed;
            }
        }
        """);
}
