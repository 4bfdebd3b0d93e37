using System.Net.Sockets;

namespace TcpKata;

// Data transfer in the synchronized states: owned by the kit, so apps can exchange bytes while the
// exercises focus on opening and closing connections. The kit checks every segment and moves SND.UNA,
// then hands the control events (a FIN, a segment in LAST_ACK) to the teardown handlers.
// Immediate ACKs, a fixed window, MSS-sized segments, go-back-one retransmission on timeout; no congestion control.
public sealed partial class Connection
{
    private readonly ByteQueue _sendBuffer = new();
    private readonly List<(SeqNum Seq, byte[] Data)> _outOfOrder = [];
    private bool _closeRequested;

    /// <summary>
    /// RFC 9293 §3.10.7.4 for ESTABLISHED, CLOSE_WAIT, FIN_WAIT_1, FIN_WAIT_2, CLOSING and LAST_ACK: the
    /// checks every state shares (sequence number, RST, SYN, ACK) and the data, then the state's handler.
    /// </summary>
    private void OnSegmentInSynchronizedState(in Segment seg)
    {
        if (seg.IsRst)
        {
            // Exercise 05 validates the reset itself (RFC 5961 §3) and decides what it does in this state.
            _host.Handlers.ResetHandling.OnReset(this, seg);
            return;
        }
        if (!IsAcceptable(seg))
        {
            // "If an incoming segment is not acceptable, an acknowledgment should be sent in reply (unless the RST bit is set)"
            SendAck();
            return;
        }
        if (seg.IsSyn)
        {
            // RFC 5961 §4.2 challenge ACK: a SYN inside the window is answered, never obeyed.
            SendAck();
            return;
        }
        if (!seg.IsAck) return;

        if (seg.Ack.IsAfterAndAtMost(SndUna, SndNxt)) SndUna = seg.Ack;
        else if (seg.Ack > SndNxt)
        {
            // "If the ACK acks something not yet sent (SEG.ACK > SND.NXT), then send an ACK, drop the segment, and return."
            SendAck();
            return;
        }

        var receiving = _state is TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2;
        var tookData = seg.Payload.Length > 0 && receiving && TakeData(seg);
        var finInOrder = seg.IsFin && !_finReceived && seg.Seq + seg.Payload.Length == RcvNxt;
        // Where a handler takes the FIN, its ACK covers the data and the FIN together.
        var handlerAcks = finInOrder && receiving;
        if (!handlerAcks && (seg.Payload.Length > 0 || seg.IsFin)) SendAck();
        // Handlers see a FIN only when it is the next thing to receive; one that is ahead of missing data waits for its retransmission.
        var forHandler = seg.IsFin && !finInOrder
            ? new Segment(seg.Source, seg.Destination, seg.Seq, seg.Ack, seg.Flags & ~TcpFlags.Fin, seg.Window, seg.Mss, seg.Payload)
            : seg;
        switch (_state)
        {
            case TcpState.Established when finInOrder:
                _host.Handlers.PassiveClose.OnFin(this, seg);
                break;
            case TcpState.FinWait1:
                _host.Handlers.ActiveClose.OnSegmentInFinWait1(this, forHandler);
                break;
            case TcpState.FinWait2:
                _host.Handlers.ActiveClose.OnSegmentInFinWait2(this, forHandler);
                break;
            case TcpState.Closing:
                _host.Handlers.ActiveClose.OnSegmentInClosing(this, forHandler);
                break;
            case TcpState.LastAck:
                _host.Handlers.PassiveClose.OnSegmentInLastAck(this, forHandler);
                break;
        }
        if (finInOrder && RcvNxt == seg.End) _finReceived = true;
        if (tookData || _finReceived) WakeReceiver();
        SendBufferedData();
    }

    /// <summary>Appends in-order payload to the receive buffer, keeps out-of-order payload for later. True when RCV.NXT moved.</summary>
    private bool TakeData(in Segment seg)
    {
        var payload = seg.Payload.Span;
        var offset = RcvNxt - seg.Seq;
        if (offset < 0)
        {
            _outOfOrder.Add((seg.Seq, payload.ToArray()));
            return false;
        }
        if (offset >= payload.Length) return false;
        Deliver(payload[offset..]);
        // Anything held back that now lines up.
        for (var found = true; found;)
        {
            found = false;
            for (var i = 0; i < _outOfOrder.Count; i++)
            {
                var (seq, data) = _outOfOrder[i];
                var skip = RcvNxt - seq;
                if (skip < 0) continue;
                _outOfOrder.RemoveAt(i);
                if (skip < data.Length) Deliver(data.AsSpan(skip));
                found = true;
                break;
            }
        }
        return true;
    }

    private void Deliver(ReadOnlySpan<byte> data)
    {
        _receiveBuffer.Write(data);
        RcvNxt += data.Length;
    }

    private void SendAck() => SendSegment(TcpFlags.Ack, SndNxt, RcvNxt, ReadOnlyMemory<byte>.Empty);

    /// <summary>Sends as much buffered app data as the peer's window allows, in segments of at most the MSS.</summary>
    private void SendBufferedData()
    {
        SendBufferedSegments();
        // A FIN goes after the last byte the app wrote (RFC 9293 §3.10.4: "queue this until all preceding SENDs have been segmentized").
        if (!_closeRequested || _sendBuffer.Count > 0) return;
        _closeRequested = false;
        if (_state == TcpState.CloseWait) _host.Handlers.PassiveClose.OnClose(this);
        else if (_state == TcpState.Established) _host.Handlers.ActiveClose.OnClose(this);
    }

    private void SendBufferedSegments()
    {
        var mss = Math.Min(PeerMss, Limits.Mss);
        while (_sendBuffer.Count > 0 && _state is TcpState.Established or TcpState.CloseWait)
        {
            var room = SndWnd - (SndNxt - SndUna);
            if (room <= 0) return;
            var payload = new byte[Math.Min(Math.Min(_sendBuffer.Count, mss), room)];
            _sendBuffer.Read(payload);
            var flags = TcpFlags.Ack | (_sendBuffer.Count == 0 ? TcpFlags.Psh : 0);
            SendSegment(flags, SndNxt, RcvNxt, payload);
            SndNxt += payload.Length;
        }
    }

    /// <summary>RFC 6298 (5.4)–(5.6) for data, with Linux's tcp_retries2 as the give-up limit.</summary>
    private void OnRetransmissionTimeoutInDataPhase()
    {
        if (_unacknowledged.Count == 0) return;
        if (Retransmissions >= Limits.Retries2)
        {
            Abort(SocketError.TimedOut);
            return;
        }
        RetransmitEarliest();
        Rto *= 2;
        RestartRetransmissionTimer();
    }
}
