namespace TcpKata.Tests.Support;

/// <summary>Script beginnings several exercises' tests start from, written once.</summary>
public static class Preludes
{
    /// <summary>A nonblocking connect() in progress: the client (fd 3) is about to send its SYN.</summary>
    public const string Connecting = """
        0          socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
        +0         fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
        +0         connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
        """;

    /// <summary>A server socket (fd 4) accepted from listening socket 3, ESTABLISHED; the peer's ISN is 0.</summary>
    public const string AcceptedConnection = """
        0  socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
        +0 bind(3, ..., ...) = 0
        +0 listen(3, 8) = 0
        +0 < S 0:0(0) win 65535 <mss 1460>
        +0 > S. 0:0(0) ack 1 <mss 1460>
        +0 < . 1:1(0) ack 1 win 65535
        +0 accept(3, ..., ...) = 4
        """;
}
