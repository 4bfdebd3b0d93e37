namespace TcpKata.Exercises;

/// <summary>
/// Exercise 06: an echo server written against the socket facade, as you would write one with
/// System.Net.Sockets. Read README.md beside this file first. Run: dotnet test --filter EchoServer
/// </summary>
public sealed class EchoServer
{
    /// <summary>
    /// Accept <paramref name="connections"/> connections on <paramref name="listener"/> and serve each one
    /// with <see cref="ServeAsync"/>, without waiting for one client to finish before accepting the next.
    /// Return when every connection has been served.
    /// </summary>
    public Task RunAsync(TcpSocket listener, int connections) =>
        throw Kata.AppNotImplemented(this, "accept each connection with await listener.AcceptAsync(), start ServeAsync for it, and await them all (Task.WhenAll)", "README.md beside it");

    /// <summary>
    /// Echo everything the client sends back to it until ReceiveAsync returns 0 (the client's FIN has
    /// arrived and all data before it is read), then Close the socket so your FIN goes out; a connection
    /// the app never closes stays in CLOSE_WAIT for ever. Close it also when a receive fails.
    /// RFC 9293 §3.10.7.4 (FIN: "signal the user 'connection closing'"), §3.10.4 (CLOSE).
    /// </summary>
    public Task ServeAsync(TcpSocket connection) =>
        throw Kata.AppNotImplemented(this, "loop: n = await connection.ReceiveAsync(buffer); if n is 0 stop; otherwise Send those n bytes back. Then Close the connection (also on errors: use try/finally)", "README.md beside it");
}
