namespace TcpKata.Kit.Tests;

/// <summary>Script openings the kit's tests share.</summary>
internal static class ScriptPreludes
{
    /// <summary>A listening socket, a peer's handshake (its MSS 1000) and accept() = 4 on line 7.</summary>
    public const string Accepted = """
        0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
        +0 bind(3, ..., ...) = 0
        +0 listen(3, 1) = 0
        +0 < S 0:0(0) win 65535 <mss 1000>
        +0 > S. 0:0(0) ack 1 <mss 1460>
        +0 < . 1:1(0) ack 1 win 65535
        +0 accept(3, ..., ...) = 4
        """;
}
