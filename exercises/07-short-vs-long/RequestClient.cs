namespace TcpKata.Exercises;

/// <summary>
/// Exercise 07: the same request/response workload two ways. Each request is
/// <c>ConnectionComparison.RequestBytes</c> (100) bytes; the server answers each with
/// <c>ConnectionComparison.ResponseBytes</c> (1000) bytes. Read README.md beside this file first.
/// Run: dotnet test --filter ShortVsLong, then: dotnet run --project cli -- compare-connections
/// </summary>
public sealed class RequestClient
{
    /// <summary>
    /// Short connections: for every request, create a socket on <paramref name="host"/>, connect to
    /// <paramref name="server"/>:<paramref name="port"/>, send the request, read the whole response, and close.
    /// Return how many complete responses you received.
    /// </summary>
    public Task<int> RunShortAsync(TcpHost host, string server, int port, int requests) =>
        throw Kata.AppNotImplemented(this, "for each request: connect a new socket, send 100 bytes, read 1000 bytes, close it", "README.md beside it");

    /// <summary>
    /// A long connection: connect once, then send each request and read its whole response on the same
    /// socket; close it after the last one. Return how many complete responses you received.
    /// </summary>
    public Task<int> RunLongAsync(TcpHost host, string server, int port, int requests) =>
        throw Kata.AppNotImplemented(this, "connect one socket, then for each request send 100 bytes and read 1000 bytes; close at the end", "README.md beside it");
}
