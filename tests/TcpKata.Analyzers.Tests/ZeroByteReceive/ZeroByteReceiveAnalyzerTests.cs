namespace TcpKata.Analyzers.Tests.ZeroByteReceive;

using Verify = Verify<ZeroByteReceiveAnalyzer>;

/// <summary>TCPK001 on the shapes people write with System.Net.Sockets and with the kit's TcpSocket.</summary>
public class ZeroByteReceiveAnalyzerTests
{
    [Test]
    public Task SyncLoopThatBreaksOnZeroWithoutClosingIsReported() => Verify.Analyzer("""
        class Server
        {
            void ServeOne(Socket listener)
            {
                var client = listener.Accept();
                var buffer = new byte[4096];
                while (true)
                {
                    int n = client.Receive(buffer);
                    if ({|TCPK001:n == 0|}) break;
                    client.Send(buffer, 0, n, SocketFlags.None);
                }
            }
        }
        """);

    [Test]
    public Task AsyncMethodThatReturnsOnZeroIsReported() => Verify.Analyzer("""
        class Server
        {
            async Task ServeOneAsync(Socket listener)
            {
                var client = await listener.AcceptAsync();
                var buffer = new byte[4096];
                while (true)
                {
                    var n = await client.ReceiveAsync(buffer, SocketFlags.None);
                    if ({|TCPK001:n == 0|}) return;
                    await client.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
                }
            }
        }
        """);

    [Test]
    public Task NetworkStreamReadLoopIsReported() => Verify.Analyzer("""
        class Server
        {
            async Task ServeOneAsync(TcpListener listener)
            {
                var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var buffer = new byte[4096];
                int n;
                while ({|TCPK001:(n = await stream.ReadAsync(buffer)) > 0|})
                    await stream.WriteAsync(buffer.AsMemory(0, n));
            }
        }
        """);

    [Test]
    public Task KitSocketHandedToAHandlerThatReturnsOnZeroIsReported() => Verify.Analyzer("""
        class EchoServer
        {
            public async Task ServeAsync(TcpSocket connection)
            {
                var buffer = new byte[4096];
                while (true)
                {
                    var n = await connection.ReceiveAsync(buffer);
                    if ({|TCPK001:n is 0|}) return;
                    connection.Send(buffer.AsSpan(0, n));
                }
            }
        }
        """);

    [Test]
    public Task ZeroPathThatClosesOnlyOnOneBranchIsReported() => Verify.Analyzer("""
        class Server
        {
            void Serve(Socket listener, bool polite)
            {
                var client = listener.Accept();
                var buffer = new byte[10];
                var n = client.Receive(buffer);
                if ({|TCPK001:n <= 0|})
                {
                    if (polite) client.Close();
                    return;
                }
                client.Close();
            }
        }
        """);

    [Test]
    public Task ConnectionAcceptedInsideALambdaIsReported() => Verify.Analyzer("""
        class Server
        {
            Func<Task> Start(TcpSocket listener) => async () =>
            {
                var connection = await listener.AcceptAsync();
                var buffer = new byte[10];
                if ({|TCPK001:await connection.ReceiveAsync(buffer) == 0|}) return;
                connection.Close();
            };
        }
        """);

    [Test]
    public Task ConnectionAcceptedInsideALocalFunctionIsReported() => Verify.Analyzer("""
        class Server
        {
            void Run(Socket listener)
            {
                ServeOne();

                void ServeOne()
                {
                    var client = listener.Accept();
                    var buffer = new byte[10];
                    while ({|TCPK001:client.Receive(buffer) != 0|}) { }
                }
            }
        }
        """);

    [Test]
    public Task AnotherNameForTheConnectionIsTheSameConnection() => Verify.Analyzer("""
        class EchoServer
        {
            public async Task ServeAsync(TcpSocket connection)
            {
                var socket = connection;
                var buffer = new byte[4096];
                int n;
                while ({|TCPK001:(n = await socket.ReceiveAsync(buffer)) > 0|})
                    socket.Send(buffer.AsSpan(0, n));
            }
        }
        """);

    [Test]
    public Task ClosingTheConnectionUnderAnotherNameIsSilent() => Verify.Analyzer("""
        class Server
        {
            void Serve(Socket listener)
            {
                var client = listener.Accept();
                var same = client;
                var buffer = new byte[10];
                while (client.Receive(buffer) > 0) { }
                same.Close();
            }
        }
        """);

    [Test]
    public Task UsingDeclarationIsSilent() => Verify.Analyzer("""
        class Server
        {
            async Task ServeOneAsync(Socket listener)
            {
                using var client = await listener.AcceptAsync();
                var buffer = new byte[4096];
                while (true)
                {
                    var n = await client.ReceiveAsync(buffer, SocketFlags.None);
                    if (n == 0) return;
                }
            }
        }
        """);

    [Test]
    public Task UsingStatementIsSilent() => Verify.Analyzer("""
        class Server
        {
            void Serve(TcpListener listener)
            {
                using (var client = listener.AcceptTcpClient())
                {
                    var stream = client.GetStream();
                    var buffer = new byte[10];
                    while (stream.Read(buffer, 0, buffer.Length) > 0) { }
                }
            }
        }
        """);

    [Test]
    public Task CloseAfterTheLoopIsSilent() => Verify.Analyzer("""
        class Server
        {
            void ServeOne(Socket listener)
            {
                var client = listener.Accept();
                var buffer = new byte[4096];
                while (true)
                {
                    int n = client.Receive(buffer);
                    if (n == 0) break;
                    client.Send(buffer, 0, n, SocketFlags.None);
                }
                client.Close();
            }
        }
        """);

    [Test]
    public Task DisposeInFinallyIsSilent() => Verify.Analyzer("""
        class EchoServer
        {
            public async Task ServeAsync(TcpSocket connection)
            {
                try
                {
                    var buffer = new byte[4096];
                    int n;
                    while ((n = await connection.ReceiveAsync(buffer)) > 0)
                        connection.Send(buffer.AsSpan(0, n));
                }
                finally
                {
                    connection.Dispose();
                }
            }
        }
        """);

    [Test]
    public Task ClosingInTheZeroBranchIsSilent() => Verify.Analyzer("""
        class Server
        {
            async Task ServeOneAsync(TcpListener listener)
            {
                var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var buffer = new byte[4096];
                while (true)
                {
                    var n = await stream.ReadAsync(buffer);
                    if (n == 0)
                    {
                        stream.Close();
                        return;
                    }
                }
            }
        }
        """);

    [Test]
    public Task ConnectionPassedToAnotherMethodIsSilent() => Verify.Analyzer("""
        class Server
        {
            readonly List<Task> _served = new();
            async Task AcceptAsync(TcpSocket listener)
            {
                var connection = await listener.AcceptAsync();
                var buffer = new byte[1];
                if (await connection.ReceiveAsync(buffer) == 0) return;
                _served.Add(ServeAsync(connection));
            }
            Task ServeAsync(TcpSocket connection) { connection.Close(); return Task.CompletedTask; }
        }
        """);

    [Test]
    public Task ConnectionStoredInAFieldIsSilent() => Verify.Analyzer("""
        class Server
        {
            Socket? _client;
            void Start(Socket listener)
            {
                var client = listener.Accept();
                _client = client;
                var buffer = new byte[1];
                if (client.Receive(buffer) == 0) return;
            }
        }
        """);

    [Test]
    public Task ConnectionReturnedToTheCallerIsSilent() => Verify.Analyzer("""
        class Client
        {
            Socket? Greet(Socket listener)
            {
                var client = listener.Accept();
                var buffer = new byte[1];
                if (client.Receive(buffer) == 0) return null;
                return client;
            }
        }
        """);

    [Test]
    public Task ConnectionCapturedByALambdaIsSilent() => Verify.Analyzer("""
        class Server
        {
            Action Start(Socket listener)
            {
                var client = listener.Accept();
                var buffer = new byte[1];
                if (client.Receive(buffer) == 0) return () => { };
                return () => client.Close();
            }
        }
        """);

    [Test]
    public Task HelperThatReportsTheZeroToItsCallerIsSilent() => Verify.Analyzer("""
        static class Frames
        {
            // Borrowed socket, and the caller learns about the FIN from the result: not this method's to close.
            public static bool TryReadByte(Socket socket, out byte value)
            {
                var buffer = new byte[1];
                value = 0;
                if (socket.Receive(buffer) == 0) return false;
                value = buffer[0];
                return true;
            }
        }
        """);

    [Test]
    public Task TheReferenceEchoServerIsSilent() => Verify.Analyzer("""
        class EchoServer
        {
            public async Task ServeAsync(TcpSocket connection)
            {
                using var socket = connection;
                var buffer = new byte[4096];
                try
                {
                    int n;
                    while ((n = await socket.ReceiveAsync(buffer)) > 0)
                        socket.Send(buffer.AsSpan(0, n));
                }
                catch (SocketException)
                {
                }
            }
        }
        """);
}
