namespace TcpKata;

/// <summary>A listening port: its backlog, the connections the handshake has completed and no app has accepted yet.</summary>
internal sealed class Listener(ushort port, int backlog)
{
    public ushort Port { get; } = port;

    /// <summary>How many established connections may wait for Accept. Like Linux, a SYN that arrives
    /// while the accept queue is full is dropped (the client will retransmit it).</summary>
    public int Backlog { get; } = backlog;

    public Queue<Connection> AcceptQueue { get; } = new();

    public TaskCompletionSource<Connection>? PendingAccept { get; set; }

    public bool IsFull => AcceptQueue.Count >= Backlog;
}
