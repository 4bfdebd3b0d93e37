using System.Globalization;
using System.Net.Sockets;
using TcpKata.Tracing;

namespace TcpKata;

// KEEP-ALIVE (RFC 9293 §3.8.4; Linux's tcp_keepalive_timer), for a socket the app gave KeepAlive (SO_KEEPALIVE): off by
// default, as the RFC requires. After TcpLimits.KeepAliveTime with nothing received, a probe <SEQ=SND.NXT-1><ACK=RCV.NXT>
// with no data: the peer's TCP finds it old and answers with an ACK, which proves the peer is there. No answer: another
// probe every KeepAliveInterval; after KeepAliveProbes unanswered ones the connection is reset (Linux sends a RST) and
// the app sees TimedOut.
public sealed partial class Connection
{
    private TcpTimer? _keepAliveTimer;
    private int _keepAliveProbes;

    /// <summary>Whether this connection probes an idle peer (the socket's KeepAlive option).</summary>
    internal bool KeepAlive
    {
        get => _keepAliveTimer is not null;
        set
        {
            if (value == KeepAlive) return;
            if (!value)
            {
                _keepAliveTimer!.Stop();
                _keepAliveTimer = null;
                return;
            }
            _keepAliveTimer = new TcpTimer(_host.Scheduler, OnKeepAliveTimerFired);
            RestartKeepAlive();
        }
    }

    // Anything received shows the peer is there: the idle time starts again.
    private void RestartKeepAlive()
    {
        if (_keepAliveTimer is null || _state is TcpState.Closed or TcpState.Listen) return;
        _keepAliveProbes = 0;
        _keepAliveTimer.Start(Limits.KeepAliveTime);
    }

    private void OnKeepAliveTimerFired()
    {
        if (_state is not (TcpState.Established or TcpState.CloseWait)) return;
        var before = _state;
        if (_keepAliveProbes >= Limits.KeepAliveProbes)
        {
            Trace($"keep-alive: {_keepAliveProbes} probes unanswered, the peer is gone: reset", TraceKind.Timer);
            SendSegment(TcpFlags.Rst | TcpFlags.Ack, SndNxt, RcvNxt, ReadOnlyMemory<byte>.Empty);
            DeleteTcb(SocketError.TimedOut);
            AfterHandler(before, null);
            return;
        }
        _keepAliveProbes++;
        Trace($"keep-alive timer fired: probe {_keepAliveProbes} of {Limits.KeepAliveProbes} after {Tracing.Trace.Seconds(_keepAliveProbes == 1 ? Limits.KeepAliveTime : Limits.KeepAliveInterval)} s", TraceKind.Timer);
        OnAckSent();
        _host.Transmit(new Segment(Local, Remote, SndNxt - 1, RcvNxt, TcpFlags.Ack, RcvWnd));
        _keepAliveTimer!.Start(Limits.KeepAliveInterval);
    }

}
