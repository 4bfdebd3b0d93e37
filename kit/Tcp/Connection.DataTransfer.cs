using System.Net.Sockets;

namespace TcpKata;

// Data transfer in the synchronized states: owned by the kit, so apps can exchange bytes while the exercises focus
// on opening and closing connections (Connection.SegmentArrives.cs takes the text in step seven).
// Immediate ACKs, a fixed window, MSS-sized segments, go-back-one retransmission on timeout; no congestion control.
public sealed partial class Connection
{
    private readonly ByteQueue _sendBuffer = new();
    private readonly List<(SeqNum Seq, byte[] Data)> _outOfOrder = [];

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
            OnDataSent();
            SendSegment(flags, SndNxt, RcvNxt, payload);
            SndNxt += payload.Length;
        }
    }

    /// <summary>RFC 6298 (5.4)–(5.6) for data, with Linux's tcp_retries2 as the give-up limit.</summary>
    private void OnRetransmissionTimeoutInDataPhase()
    {
        if (_unacknowledged.Count == 0) return;
        if (Retransmissions >= Limits.DataRetries)
        {
            DeleteTcb(SocketError.TimedOut);
            return;
        }
        RetransmitEarliest();
        Rto *= 2;
        RestartRetransmissionTimer();
    }
}
