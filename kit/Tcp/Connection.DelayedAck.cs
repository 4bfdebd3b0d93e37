namespace TcpKata;

// DELAYED ACK, when TcpLimits.DelayedAck is set (the Linux profile), by Linux's rules rather than a fixed delay for
// every ACK (tcp_input.c __tcp_ack_snd_check and tcp_event_data_recv, tcp_output.c tcp_send_delayed_ack):
//   - before any data has arrived the ACK goes at once (Linux's ato is still 0): a bare FIN is acknowledged at once;
//   - the first data starts "quick ACK" mode: up to 16 ACKs (rcv_wnd / (2 x MSS)) go at once;
//   - more than one full-sized segment unacknowledged: at once (RFC 1122 §4.2.3.2, every second segment);
//   - otherwise the ACK waits for data to ride on, at most the delay (40 ms). A FIN taken in ESTABLISHED, or the app
//     answering within the delay, switches to "ping-pong" (interactive) mode, where quick ACKs stop: so the ACK of
//     data + FIN waits, as measured on Linux 6.18.
public sealed partial class Connection
{
    private bool _dataReceived;
    private int _quickAcks;
    private bool _pingPong;
    private SeqNum _rcvNxtAtLastAck;
    private TimeSpan _lastDataReceivedAt;

    private void OnDataReceived()
    {
        if (!_dataReceived) _quickAcks = Math.Clamp(RcvWnd / (2 * PeerMss), 2, 16);
        _dataReceived = true;
        _lastDataReceivedAt = Now;
    }

    private void OnDataSent()
    {
        if (_dataReceived && Limits.DelayedAck is { } delay && Now - _lastDataReceivedAt < delay) _pingPong = true;
    }

    private void OnAckSent() => _rcvNxtAtLastAck = RcvNxt;

    private enum AckTiming { AtOnce, QuickAck, Delayed }

    /// <summary>When a bare ACK sent now goes: at once, at once as one of quick-ACK mode's (the sender counts it), or when
    /// the delayed-ACK timer fires.</summary>
    private AckTiming TimingOfBareAck()
    {
        if (Limits.DelayedAck is null || _state is not (TcpState.Established or TcpState.CloseWait) || !_dataReceived) return AckTiming.AtOnce;
        if (RcvNxt - _rcvNxtAtLastAck > PeerMss) return AckTiming.AtOnce;
        return _quickAcks > 0 && !_pingPong ? AckTiming.QuickAck : AckTiming.Delayed;
    }
}
