namespace TcpKata.Analyzers.Tests.ReceiveResultUnchecked;

using Verify = Verify<ReceiveResultUncheckedAnalyzer>;

/// <summary>TCPK002: a receive's byte count thrown away or never compared with 0.</summary>
public class ReceiveResultUncheckedAnalyzerTests
{
    [Test]
    public Task DiscardedSocketReceiveIsReported() => Verify.Analyzer("""
        class C { void M(Socket s, byte[] b) { {|TCPK002:s.Receive(b)|}; } }
        """);

    [Test]
    public Task DiscardedAwaitedReceiveAsyncIsReported() => Verify.Analyzer("""
        class C { async Task M(TcpSocket s, byte[] b) { await {|TCPK002:s.ReceiveAsync(b)|}; } }
        """);

    [Test]
    public Task ExplicitDiscardIsReported() => Verify.Analyzer("""
        class C { void M(Socket s, byte[] b) { _ = {|TCPK002:s.Receive(b, SocketFlags.None)|}; } }
        """);

    [Test]
    public Task CountUsedButNeverComparedWithZeroIsReported() => Verify.Analyzer("""
        class C
        {
            void Echo(TcpSocket s)
            {
                var buffer = new byte[100];
                while (true)
                {
                    var n = {|TCPK002:s.Receive(buffer)|};
                    s.Send(buffer.AsSpan(0, n));
                }
            }
        }
        """);

    [Test]
    public Task ReadExactlyLoopThatOnlySumsIsReported() => Verify.Analyzer("""
        class C
        {
            void ReadHeader(Socket s, byte[] header)
            {
                var total = 0;
                while (total < header.Length)
                    total += {|TCPK002:s.Receive(header.AsSpan(total))|};
            }
        }
        """);

    [Test]
    public Task NetworkStreamReadNeverComparedIsReported() => Verify.Analyzer("""
        class C
        {
            async Task<string> ReadAsync(TcpClient client)
            {
                var buffer = new byte[100];
                var n = await {|TCPK002:client.GetStream().ReadAsync(buffer, 0, buffer.Length)|};
                return System.Text.Encoding.ASCII.GetString(buffer, 0, n);
            }
        }
        """);

    [Test]
    public Task StreamFromGetStreamTypedAsStreamIsReported() => Verify.Analyzer("""
        class C
        {
            void Read(TcpClient client)
            {
                Stream stream = client.GetStream();
                var buffer = new byte[100];
                {|TCPK002:stream.Read(buffer, 0, buffer.Length)|};
            }
        }
        """);

    [Test]
    public Task CountPassedStraightToAnotherCallIsReported() => Verify.Analyzer("""
        class C { void M(Socket s, byte[] b) { Console.WriteLine({|TCPK002:s.Receive(b)|}); } }
        """);

    [Test]
    public Task CountComparedWithZeroIsSilent() => Verify.Analyzer("""
        class C
        {
            void M(Socket s, byte[] b)
            {
                var n = s.Receive(b);
                if (n == 0) return;
                s.Send(b, n, SocketFlags.None);
            }
        }
        """);

    [Test]
    public Task AssignmentComparedInTheLoopConditionIsSilent() => Verify.Analyzer("""
        class C
        {
            async Task M(TcpSocket s, byte[] b)
            {
                int n;
                while ((n = await s.ReceiveAsync(b)) > 0) s.Send(b.AsSpan(0, n));
            }
        }
        """);

    [Test]
    public Task ReceiveComparedInPlaceIsSilent() => Verify.Analyzer("""
        class C { void M(Socket s, byte[] b) { while (s.Receive(b) != 0) { } } }
        """);

    [Test]
    public Task SwitchWithAZeroCaseIsSilent() => Verify.Analyzer("""
        class C
        {
            string M(Socket s, byte[] b)
            {
                var n = s.Receive(b);
                switch (n)
                {
                    case 0: return "closed";
                    default: return "data";
                }
            }
        }
        """);

    [Test]
    public Task PatternTestIsSilent() => Verify.Analyzer("""
        class C { bool M(NetworkStream s, byte[] b) { var n = s.Read(b, 0, b.Length); return n is not 0; } }
        """);

    [Test]
    public Task CountReturnedToTheCallerIsSilent() => Verify.Analyzer("""
        class C
        {
            int ReadSome(Socket s, byte[] b) => s.Receive(b);
            ValueTask<int> ReadSomeAsync(TcpSocket s, byte[] b) { return s.ReceiveAsync(b); }
        }
        """);

    [Test]
    public Task CountStoredInAFieldIsSilent() => Verify.Analyzer("""
        class C { int _last; void M(Socket s, byte[] b) { _last = s.Receive(b); } }
        """);

    [Test]
    public Task FileStreamReadIsSilent() => Verify.Analyzer("""
        class C { void M(FileStream f, byte[] b) { f.Read(b, 0, b.Length); } }
        """);

    [Test]
    public Task SocketAsyncEventArgsReceiveIsSilent() => Verify.Analyzer("""
        class C { void M(Socket s, SocketAsyncEventArgs e) { s.ReceiveAsync(e); } }
        """);
}
