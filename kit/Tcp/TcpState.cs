namespace TcpKata;

/// <summary>
/// The eleven connection states of RFC 9293 §3.3.2 (Figure 5 draws the state diagram).
/// Traces print them as BSD's and macOS's netstat does (SYN_RCVD, FIN_WAIT_1, TIME_WAIT; Linux's netstat writes SYN_RECV and FIN_WAIT1,
/// its ss SYN-RECV and FIN-WAIT-1: docs/lessons/state-names.md); <see cref="TcpStateNames.ToRfcName"/> gives the RFC's spelling.
/// </summary>
public enum TcpState
{
    Closed,
    Listen,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
}

public static class TcpStateNames
{
    public static string ToTraceName(this TcpState state) => state switch
    {
        TcpState.Closed => "CLOSED",
        TcpState.Listen => "LISTEN",
        TcpState.SynSent => "SYN_SENT",
        TcpState.SynReceived => "SYN_RCVD",
        TcpState.Established => "ESTABLISHED",
        TcpState.FinWait1 => "FIN_WAIT_1",
        TcpState.FinWait2 => "FIN_WAIT_2",
        TcpState.CloseWait => "CLOSE_WAIT",
        TcpState.Closing => "CLOSING",
        TcpState.LastAck => "LAST_ACK",
        TcpState.TimeWait => "TIME_WAIT",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static string ToRfcName(this TcpState state) => state switch
    {
        TcpState.SynReceived => "SYN-RECEIVED",
        _ => state.ToTraceName().Replace('_', '-'),
    };
}
