namespace TcpKata;

/// <summary>A listening port: its backlog, the connections the handshake has completed and no app has accepted yet.</summary>
/// <param name="port">The port.</param>
/// <param name="backlog">listen()'s backlog.</param>
/// <param name="capacity">How many established connections may wait for Accept: the backlog (the RFC profile) or one more
/// (Linux, <see cref="TcpLimits.AcceptQueueHoldsBacklogPlusOne"/>). Like Linux, a SYN that arrives while the accept
/// queue is full is dropped (the client will retransmit it).</param>
internal sealed class Listener(ushort port, int backlog, int capacity)
{
    public ushort Port { get; } = port;

    public int Backlog { get; } = backlog;

    public int Capacity { get; } = capacity;

    public Queue<Connection> AcceptQueue { get; } = new();

    public TaskCompletionSource<Connection>? PendingAccept { get; set; }

    public bool IsFull => AcceptQueue.Count >= Capacity;
}
