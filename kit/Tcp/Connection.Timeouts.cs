using System.Net.Sockets;
using TcpKata.Tracing;

namespace TcpKata;

// TIMEOUTS (RFC 9293 §3.10.8): which handler a timer's expiry goes to.
//
//   retransmission timer   SYN_SENT: IClientHandshake (01); SYN_RCVD: IServerHandshake (02); LAST_ACK: IPassiveClose (03);
//                          FIN_WAIT_1, CLOSING: IActiveClose (04); ESTABLISHED, CLOSE_WAIT: the kit (data, RFC 6298 (5.4)-(5.6))
//   TIME_WAIT timer        IActiveClose.OnTimeWaitTimeout (04)
//   FIN_WAIT_2 timer       the kit: Linux's tcp_fin_timeout for a socket the app has closed
//   delayed ACK timer      the kit (Connection.cs, SendSegment)
public sealed partial class Connection
{
    private void OnRetransmissionTimerFired()
    {
        var before = _state;
        Trace($"retransmission timer fired in {_state.ToTraceName()} (rto {Tracing.Trace.Seconds(Rto)} s, retransmissions so far {Retransmissions})", TraceKind.Timer);
        switch (_state)
        {
            case TcpState.SynSent:
                Handle(Handler.SynSentTimeout, null, static (h, c, _) => h.ClientHandshake.OnRetransmissionTimeout(c));
                break;
            case TcpState.SynReceived:
                Handle(Handler.SynReceivedTimeout, null, static (h, c, _) => h.ServerHandshake.OnRetransmissionTimeout(c));
                break;
            case TcpState.Established or TcpState.CloseWait:
                OnRetransmissionTimeoutInDataPhase();
                break;
            case TcpState.LastAck:
                Handle(Handler.LastAckTimeout, null, static (h, c, _) => h.PassiveClose.OnRetransmissionTimeout(c));
                break;
            case TcpState.FinWait1 or TcpState.Closing:
                Handle(Handler.FinTimeout, null, static (h, c, _) => h.ActiveClose.OnRetransmissionTimeout(c));
                break;
        }
        AfterHandler(before, null);
    }

    /// <summary>The app has closed its socket (not merely shut down sending): the connection is an orphan.</summary>
    internal bool AppClosed
    {
        get => _appClosed;
        set
        {
            _appClosed = value;
            StartOrphanTimerInFinWait2();
        }
    }

    private bool _appClosed;

    internal bool IsFinWait2TimerRunning => _finWait2Timer.IsRunning;

    private void StartOrphanTimerInFinWait2()
    {
        // Linux (tcp_fin_timeout): nobody will read from an orphan, so its FIN_WAIT_2 is bounded.
        if (_appClosed && _state == TcpState.FinWait2 && !_finWait2Timer.IsRunning) _finWait2Timer.Start(Limits.FinWait2Timeout);
    }

    private void OnFinWait2TimerFired()
    {
        if (_state != TcpState.FinWait2) return;
        var before = _state;
        Trace($"FIN_WAIT_2 timer fired ({Tracing.Trace.Seconds(Limits.FinWait2Timeout)} s, Linux's tcp_fin_timeout): the closed socket stops waiting for the peer's FIN", TraceKind.Timer);
        DeleteTcb(SocketError.Success);
        AfterHandler(before, null);
    }

    private void OnTimeWaitTimerFired()
    {
        var before = _state;
        Trace($"TIME_WAIT timer fired (2 x MSL = {Tracing.Trace.Seconds(2 * Limits.Msl)} s)", TraceKind.Timer);
        if (_state == TcpState.TimeWait) Handle(Handler.OnTimeWaitTimeout, null, static (h, c, _) => h.ActiveClose.OnTimeWaitTimeout(c));
        AfterHandler(before, null);
    }

}
