namespace TcpKata.Analyzers.Tests.ZeroByteReceive;

using Verify = Verify<ZeroByteReceiveAnalyzer>;

/// <summary>TCPK001's fixes: Close on the zero path, or a using declaration.</summary>
public class ZeroByteReceiveCodeFixTests
{
    [Test]
    public Task CloseFixClosesInsideTheZeroBranch() => Verify.CodeFix<ZeroByteReceiveCodeFix>("""
        class EchoServer
        {
            public async Task ServeAsync(TcpSocket connection)
            {
                var buffer = new byte[4096];
                while (true)
                {
                    var n = await connection.ReceiveAsync(buffer);
                    if ({|TCPK001:n == 0|}) return;
                    connection.Send(buffer.AsSpan(0, n));
                }
            }
        }
        """, """
        class EchoServer
        {
            public async Task ServeAsync(TcpSocket connection)
            {
                var buffer = new byte[4096];
                while (true)
                {
                    var n = await connection.ReceiveAsync(buffer);
                    if (n == 0)
                    {
                        connection.Close();
                        return;
                    }
                    connection.Send(buffer.AsSpan(0, n));
                }
            }
        }
        """);

    [Test]
    public Task CloseFixClosesAfterAWhileLoopThatRunsWhileDataArrives() => Verify.CodeFix<ZeroByteReceiveCodeFix>("""
        class Server
        {
            void Serve(Socket listener)
            {
                var client = listener.Accept();
                var buffer = new byte[4096];
                int n;
                while ({|TCPK001:(n = client.Receive(buffer)) > 0|})
                    client.Send(buffer, n, SocketFlags.None);
            }
        }
        """, """
        class Server
        {
            void Serve(Socket listener)
            {
                var client = listener.Accept();
                var buffer = new byte[4096];
                int n;
                while ((n = client.Receive(buffer)) > 0)
                    client.Send(buffer, n, SocketFlags.None);
                client.Close();
            }
        }
        """);

    [Test]
    public Task CloseFixJoinsAnExistingBlock() => Verify.CodeFix<ZeroByteReceiveCodeFix>("""
        class Server
        {
            void Serve(Socket listener)
            {
                var client = listener.Accept();
                var buffer = new byte[10];
                if ({|TCPK001:client.Receive(buffer) == 0|})
                {
                    Console.WriteLine("peer closed");
                    return;
                }
                client.Close();
            }
        }
        """, """
        class Server
        {
            void Serve(Socket listener)
            {
                var client = listener.Accept();
                var buffer = new byte[10];
                if (client.Receive(buffer) == 0)
                {
                    client.Close();
                    Console.WriteLine("peer closed");
                    return;
                }
                client.Close();
            }
        }
        """);

    [Test]
    public Task UsingFixDeclaresTheAcceptedConnectionWithUsing() => Verify.CodeFix<ZeroByteReceiveCodeFix>("""
        class Server
        {
            async Task ServeAsync(Socket listener)
            {
                var client = await listener.AcceptAsync();
                var buffer = new byte[4096];
                while (true)
                {
                    var n = await client.ReceiveAsync(buffer, SocketFlags.None);
                    if ({|TCPK001:n == 0|}) break;
                }
            }
        }
        """, """
        class Server
        {
            async Task ServeAsync(Socket listener)
            {
                using var client = await listener.AcceptAsync();
                var buffer = new byte[4096];
                while (true)
                {
                    var n = await client.ReceiveAsync(buffer, SocketFlags.None);
                    if (n == 0) break;
                }
            }
        }
        """, codeActionIndex: 1);
}
