using System.Net;
using System.Net.Sockets;

namespace TcpKata;

/// <summary>
/// A stream socket on the fake network, with System.Net.Sockets.Socket's names and habits:
/// Bind, Listen, Accept, Connect, Send, Receive, Close, Dispose; errors as <see cref="SocketException"/>
/// with the matching <see cref="SocketError"/>; Receive returns 0 once the peer's FIN has arrived
/// and every byte before it has been read.
/// </summary>
/// <remarks>
/// Blocking in one thread: each XxxAsync method returns a task the simulation completes; the blocking
/// form (Connect, Accept, Receive) runs the simulation's virtual clock forward until that task is
/// done. So blocking calls belong in tests and scripts, and apps running inside the simulation
/// (<see cref="Simulation.Start"/>) use the async forms.
/// </remarks>
public sealed class TcpSocket : IDisposable
{
    private readonly TcpHost _host;
    private Endpoint? _bound;
    private Listener? _listener;
    private Connection? _connection;
    private bool _closed;
    private bool _sendShutdown;
    private bool _receiveShutdown;

    internal TcpSocket(TcpHost host) => _host = host;

    private TcpSocket(TcpHost host, Connection accepted)
    {
        _host = host;
        _connection = accepted;
    }

    public TcpHost Host => _host;

    /// <summary>The connection behind this socket, for tests that look at the TCB.</summary>
    public Connection? Connection => _connection;

    /// <summary>CLOSED, LISTEN, or the connection's state.</summary>
    public TcpState State => _connection?.State ?? (_listener is not null ? TcpState.Listen : TcpState.Closed);

    public bool Connected => _connection?.State is TcpState.Established or TcpState.CloseWait;

    /// <summary>When false, calls that would wait fail at once with WouldBlock (connect: InProgress), like O_NONBLOCK.</summary>
    public bool Blocking { get; set; } = true;

    public IPEndPoint? LocalEndPoint => (_connection?.Local ?? _bound)?.ToIPEndPoint();
    public IPEndPoint? RemoteEndPoint => _connection?.Remote.ToIPEndPoint();

    /// <summary>The peer's host name and port ("client.49152"), for messages and traces.</summary>
    public string? RemoteName => _connection is { } c ? _host.Trace.Name(c.Remote) : null;

    public void Bind(int port) => Bind(new IPEndPoint(IPAddress.Any, port));

    /// <summary>
    /// Binds the socket to a local port. While a connection still uses the port (a server restarting while its old
    /// connections sit in TIME_WAIT, say) this fails with AddressAlreadyInUse (EADDRINUSE), unless the socket was given
    /// <see cref="SocketOptionName.ReuseAddress"/> (SO_REUSEADDR) first, as servers do.
    /// </summary>
    public void Bind(IPEndPoint localEP)
    {
        ThrowIfClosed();
        if (_bound is not null || _connection is not null) throw new SocketException((int)SocketError.InvalidArgument);
        var port = (ushort)localEP.Port;
        if (!_reuseAddress && _host.PortInUse(port))
        {
            _host.Note($"bind(port {port}): EADDRINUSE, a connection still uses it ({_host.UsesOf(port)}); SO_REUSEADDR would allow it");
            throw new SocketException((int)SocketError.AddressAlreadyInUse);
        }
        _bound = new Endpoint(_host.Address, port);
    }

    private bool _reuseAddress;

    /// <summary>The socket options the kit models: ReuseAddress (SO_REUSEADDR), which lets <see cref="Bind(IPEndPoint)"/>
    /// take a port that old connections still use, and KeepAlive (SO_KEEPALIVE), which probes an idle peer
    /// (Connection.KeepAlive.cs). Others are refused rather than silently ignored.</summary>
    public void SetSocketOption(SocketOptionLevel level, SocketOptionName name, bool value)
    {
        ThrowIfClosed();
        switch (level, name)
        {
            case (SocketOptionLevel.Socket, SocketOptionName.ReuseAddress):
                _reuseAddress = value;
                break;
            case (SocketOptionLevel.Socket, SocketOptionName.KeepAlive):
                _keepAlive = value;
                if (_connection is { } connection) connection.KeepAlive = value;
                break;
            default:
                throw new NotSupportedException($"the kit models SocketOptionName.ReuseAddress and KeepAlive, not {level}.{name}");
        }
    }

    private bool _keepAlive;

    public void Listen(int backlog = 128)
    {
        ThrowIfClosed();
        if (_bound is not { } bound) throw new SocketException((int)SocketError.InvalidArgument);
        _listener ??= _host.Listen(bound.Port, backlog);
        _host.App($"listen(port {bound.Port}, backlog {backlog})");
    }

    public TcpSocket Accept() => _host.Simulation.Block(AcceptAsync(), "Accept");

    public Task<TcpSocket> AcceptAsync()
    {
        ThrowIfClosed();
        if (_listener is not { } listener) throw new InvalidOperationException("Accept needs a listening socket: call Bind and Listen first.");
        if (listener.AcceptQueue.TryDequeue(out var ready)) return Task.FromResult(Accepted(ready));
        if (!Blocking) throw new SocketException((int)SocketError.WouldBlock);
        if (listener.PendingAccept is not null) throw new InvalidOperationException("another Accept is already waiting on this socket");
        var waiting = new TaskCompletionSource<Connection>();
        listener.PendingAccept = waiting;
        return waiting.Task.ContinueWith(t => Accepted(t.Result), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private TcpSocket Accepted(Connection connection)
    {
        // Like Linux, an accepted socket inherits the listener's options.
        var socket = new TcpSocket(_host, connection) { _keepAlive = _keepAlive, _reuseAddress = _reuseAddress };
        connection.KeepAlive = _keepAlive;
        _host.App($"accept() = {_host.Trace.Name(connection.Local)} <- {_host.Trace.Name(connection.Remote)}");
        return socket;
    }

    /// <summary>Connects to a host of the simulation by name ("server", 80).</summary>
    public void Connect(string host, int port) => _host.Simulation.Block(ConnectAsync(host, port), "Connect");

    public void Connect(IPEndPoint remoteEP) => _host.Simulation.Block(ConnectAsync(remoteEP), "Connect");

    public Task ConnectAsync(string host, int port)
    {
        var node = _host.Simulation.Network.Find(host)
                   ?? throw new SocketException((int)SocketError.HostNotFound);
        return ConnectAsync(new Endpoint(node.Address, (ushort)port));
    }

    public Task ConnectAsync(IPEndPoint remoteEP) => ConnectAsync(Endpoint.From(remoteEP));

    private Task ConnectAsync(Endpoint remote)
    {
        ThrowIfClosed();
        if (_connection is not null || _listener is not null) throw new SocketException((int)SocketError.IsConnected);
        var connection = _host.OpenActive(_bound, remote);
        _connection = connection;
        connection.KeepAlive = _keepAlive;
        _host.App($"connect({_host.Trace.Name(remote)}) from {_host.Trace.Name(connection.Local)}");
        var established = connection.WaitUntilEstablished();
        var before = connection.State;
        connection.Handle(Handler.OnConnect, null, static (h, c, _) => h.ClientHandshake.OnConnect(c));
        connection.AfterApp(before);
        if (!Blocking && !established.IsCompleted) throw new SocketException((int)SocketError.InProgress);
        return established;
    }

    public int Send(byte[] buffer) => Send(buffer.AsSpan());

    /// <summary>Queues the bytes for sending and returns at once (the kit's send buffer never fills).</summary>
    public int Send(ReadOnlySpan<byte> buffer)
    {
        ThrowIfClosed();
        var connection = _connection ?? throw new SocketException((int)SocketError.NotConnected);
        if (_sendShutdown) throw new SocketException((int)SocketError.Shutdown);
        var before = connection.State;
        var n = connection.Write(buffer);
        connection.AfterApp(before);
        return n;
    }

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> buffer) => ValueTask.FromResult(Send(buffer.Span));

    public int Receive(byte[] buffer) => Receive(buffer.AsSpan());

    public int Receive(Span<byte> buffer)
    {
        var into = new byte[buffer.Length];
        var n = _host.Simulation.Block(ReceiveAsync(into).AsTask(), "Receive");
        into.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    /// <summary>Bytes received, or 0 when the peer has closed its side and everything before its FIN has been read.</summary>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        ThrowIfClosed();
        var connection = _connection ?? throw new SocketException((int)SocketError.NotConnected);
        if (_receiveShutdown)
        {
            // Linux's SHUT_RD: what has arrived is still read; only an empty queue answers 0 at once.
            if (!_host.Limits.ReceiveAfterShutdownReadsData || connection.UnreadBytes == 0) return ValueTask.FromResult(0);
            return connection.ReadAsync(buffer);
        }
        var read = connection.ReadAsync(buffer);
        if (!read.IsCompleted && !Blocking) throw new SocketException((int)SocketError.WouldBlock);
        return read;
    }

    public ValueTask<int> ReceiveAsync(byte[] buffer) => ReceiveAsync(buffer.AsMemory());

    /// <summary>
    /// Shutdown(Send) is a half-close: your FIN goes out after the data already written (exercise 04 from
    /// ESTABLISHED, exercise 03 from CLOSE_WAIT), and you can go on receiving until the peer's FIN.
    /// Shutdown(Receive) sends nothing: from now on Receive returns 0. Both does both.
    /// </summary>
    public void Shutdown(SocketShutdown how)
    {
        ThrowIfClosed();
        var connection = _connection ?? throw new SocketException((int)SocketError.NotConnected);
        _host.App($"shutdown({_host.Trace.Name(connection.Local)}, {how})");
        if (how is SocketShutdown.Receive or SocketShutdown.Both) _receiveShutdown = true;
        if (how is SocketShutdown.Send or SocketShutdown.Both && !_sendShutdown)
        {
            _sendShutdown = true;
            if (connection.State is TcpState.Established or TcpState.CloseWait) connection.RequestClose();
        }
    }

    /// <summary>
    /// Closes the socket. A listening socket stops listening. A connection sends its FIN after the data
    /// already written: exercise 04 when you close first, exercise 03 after the peer's FIN. With unread
    /// data the connection is reset instead: "its TCP SHOULD send a RST to show that data was lost" (RFC 1122 §4.2.2.13,
    /// RFC 9293 §3.6.1), as Linux does.
    /// </summary>
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        _host.App(_connection is { } c ? $"close({_host.Trace.Name(c.Local)})" : "close()");
        if (_listener is { } listener) _host.StopListening(listener);
        if (_connection is { } connection) _host.Close(connection);
    }

    public void Dispose() => Close();

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_closed, this);
}
