using System.Net.Sockets;

namespace TcpKata.Exercises;

/// <summary>Reference solution for exercise 06: an echo server on the socket facade.</summary>
public sealed class EchoServer
{
    public async Task RunAsync(TcpSocket listener, int connections)
    {
        var served = new List<Task>();
        for (var i = 0; i < connections; i++)
        {
            var connection = await listener.AcceptAsync();
            served.Add(ServeAsync(connection)); // not awaited here: the next client must not wait for this one
        }
        await Task.WhenAll(served);
    }

    public async Task ServeAsync(TcpSocket connection)
    {
        // The using declaration closes the socket on every path out, so no connection is left in CLOSE_WAIT.
        using var socket = connection;
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer)) > 0)
                socket.Send(buffer.AsSpan(0, n));
            // 0: the client sent its FIN (perhaps only a half-close: it may still be reading our echoes,
            // which were all sent before this point). Closing now sends our FIN after them.
        }
        catch (SocketException)
        {
            // Reset or timed out: nothing left to echo; the using declaration still closes the socket.
        }
    }
}
