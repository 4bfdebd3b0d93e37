using System.Net.Sockets;

namespace TcpKata;

// The app's side of a connection: what Connect, Send and Receive on the socket facade wait for.
// Completions go through the scheduler, so awaiting code resumes in its own event, never in the
// middle of the kit's segment processing.
public sealed partial class Connection
{
    private readonly ByteQueue _receiveBuffer = new();
    private bool _finReceived;
    private TaskCompletionSource? _connect;
    private (TaskCompletionSource<int> Done, Memory<byte> Into)? _pendingReceive;

    internal Task WaitUntilEstablished()
    {
        _connect = new TaskCompletionSource();
        return _connect.Task;
    }

    internal int BufferedToSend => _sendBuffer.Count;

    internal bool HasDataToRead => _receiveBuffer.Count > 0;

    internal bool PeerHasClosed => _finReceived;

    internal int UnreadBytes => _receiveBuffer.Count;

    private bool _closeRequested;

    /// <summary>The app closed its socket (or shut down sending) in ESTABLISHED or CLOSE_WAIT: the FIN follows whatever it wrote before.</summary>
    internal void RequestClose()
    {
        var before = _state;
        _closeRequested = true;
        CloseOnceSent();
        AfterApp(before);
    }

    /// <summary>
    /// RFC 9293 §3.10.4, CLOSE in ESTABLISHED or CLOSE_WAIT: "queue this until all preceding SENDs have been
    /// segmentized, then form a FIN segment and send it". The close handlers run once the send buffer is empty.
    /// </summary>
    private void CloseOnceSent()
    {
        if (!_closeRequested || _sendBuffer.Count > 0) return;
        _closeRequested = false;
        if (_state == TcpState.CloseWait) Handle(Handler.PassiveClose, null, static (h, c, _) => h.PassiveClose.OnClose(c));
        else if (_state == TcpState.Established) Handle(Handler.ActiveClose, null, static (h, c, _) => h.ActiveClose.OnClose(c));
    }

    internal int Write(ReadOnlySpan<byte> data)
    {
        ThrowIfFailed();
        if (_state is not (TcpState.Established or TcpState.CloseWait))
            throw new SocketException((int)SocketError.NotConnected);
        _sendBuffer.Write(data);
        SendBufferedSegments();
        return data.Length;
    }

    /// <summary>Completes at once when data is buffered or the peer's FIN has arrived (0 = end of stream); otherwise when either happens.</summary>
    internal ValueTask<int> ReadAsync(Memory<byte> into)
    {
        if (TryRead(into.Span, out var n)) return ValueTask.FromResult(n);
        if (_pendingReceive is not null) throw new InvalidOperationException("another receive is already waiting on this socket");
        var done = new TaskCompletionSource<int>();
        _pendingReceive = (done, into);
        return new ValueTask<int>(done.Task);
    }

    private bool TryRead(Span<byte> into, out int n)
    {
        n = 0;
        if (_receiveBuffer.Count > 0)
        {
            n = _receiveBuffer.Read(into);
            return true;
        }
        if (_finReceived) return true;
        ThrowIfFailed();
        if (_state == TcpState.Closed) throw new SocketException((int)SocketError.NotConnected);
        return false;
    }

    private void ThrowIfFailed()
    {
        if (Error is { } error) throw new SocketException((int)error);
    }

    private void WakeReceiver()
    {
        if (_pendingReceive is not { } pending) return;
        _pendingReceive = null;
        _host.Simulation.Defer(() =>
        {
            try
            {
                pending.Done.TrySetResult(TryRead(pending.Into.Span, out var n) ? n : 0);
            }
            catch (SocketException e)
            {
                pending.Done.TrySetException(e);
            }
        });
    }

    private void OnStateChangedForApp(TcpState before)
    {
        if (_state == TcpState.Established && _connect is { } connect)
        {
            _connect = null;
            _host.Simulation.Defer(() => connect.TrySetResult());
        }
        if (_state != TcpState.Closed) return;
        var error = new SocketException((int)(Error ?? SocketError.ConnectionAborted));
        if (_connect is { } failed)
        {
            _connect = null;
            _host.Simulation.Defer(() => failed.TrySetException(error));
        }
        if (_pendingReceive is { } pending)
        {
            _pendingReceive = null;
            _host.Simulation.Defer(() => pending.Done.TrySetException(error));
        }
    }
}
