using TcpKata.Scenarios;

namespace TcpKata.Exercises;

/// <summary>Reference solution for exercise 07: one connection per request, or one kept open.</summary>
public sealed class RequestClient
{
    public async Task<int> RunShortAsync(TcpHost host, string server, int port, int requests)
    {
        var answered = 0;
        for (var i = 0; i < requests; i++)
        {
            // A handshake before every request, and a teardown after it: this client closes first, so
            // every one of these connections then spends 2 x MSL in TIME_WAIT on this host.
            using var socket = host.CreateSocket();
            await socket.ConnectAsync(server, port);
            if (await ExchangeAsync(socket)) answered++;
        }
        return answered;
    }

    public async Task<int> RunLongAsync(TcpHost host, string server, int port, int requests)
    {
        using var socket = host.CreateSocket();
        await socket.ConnectAsync(server, port);
        var answered = 0;
        for (var i = 0; i < requests; i++)
            if (await ExchangeAsync(socket)) answered++;
        return answered;
    }

    /// <summary>Sends one request and reads its whole response, which may arrive in several segments.</summary>
    private static async Task<bool> ExchangeAsync(TcpSocket socket)
    {
        socket.Send(new byte[ConnectionComparison.RequestBytes]);
        var response = new byte[ConnectionComparison.ResponseBytes];
        var received = 0;
        while (received < response.Length)
        {
            var n = await socket.ReceiveAsync(response.AsMemory(received));
            if (n == 0) return false;
            received += n;
        }
        return true;
    }
}
