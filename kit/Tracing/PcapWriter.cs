using System.Buffers.Binary;

namespace TcpKata.Tracing;

/// <summary>
/// Writes a trace's segments as a classic libpcap file of raw IPv4 packets (LINKTYPE_RAW), with real
/// IPv4 and TCP headers, correct checksums, the MSS option, and the virtual time as timestamps, so that
/// Wireshark and tshark open it. Each segment appears once, when it was sent (also the ones the network
/// then lost, as a capture at the sender would show them).
/// </summary>
public static class PcapWriter
{
    private const uint Magic = 0xA1B2C3D4;      // microsecond timestamps
    private const uint LinkTypeRaw = 101;       // packets start with the IP header

    public static byte[] Write(Trace trace)
    {
        using var stream = new MemoryStream();
        Write(trace, stream);
        return stream.ToArray();
    }

    public static void Write(Trace trace, Stream output)
    {
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        // thiszone and sigfigs stay 0
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeRaw);
        output.Write(header);

        ushort id = 0;
        Span<byte> record = stackalloc byte[16];
        foreach (var e in trace.Events)
        {
            if (e.Kind != TraceKind.Sent) continue;
            var packet = Encode(e.Segment, id++);
            var micros = e.Time.Ticks / 10;
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(micros / 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(micros % 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)packet.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)packet.Length);
            output.Write(record);
            output.Write(packet);
        }
    }

    /// <summary>One segment as an IPv4 packet: 20-byte IP header, TCP header (with MSS option on SYNs), payload.</summary>
    public static byte[] Encode(in Segment s, ushort identification)
    {
        var tcpHeaderLength = s.Mss != 0 ? 24 : 20;
        var tcpLength = tcpHeaderLength + s.Payload.Length;
        var packet = new byte[20 + tcpLength];
        var ip = packet.AsSpan(0, 20);
        ip[0] = 0x45;                                              // IPv4, header of 5 words
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], identification);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000);    // don't fragment
        ip[8] = 64;                                                // TTL
        ip[9] = 6;                                                 // TCP
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], s.Source.Address);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], s.Destination.Address);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip, 0));

        var tcp = packet.AsSpan(20);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, s.Source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], s.Destination.Port);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], s.Seq.Value);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], s.IsAck ? s.Ack.Value : 0);
        tcp[12] = (byte)((tcpHeaderLength / 4) << 4);
        tcp[13] = (byte)s.Flags;                                   // TcpFlags uses the header's bit positions
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], s.Window);
        if (s.Mss != 0)
        {
            tcp[20] = 2;                                           // kind: maximum segment size
            tcp[21] = 4;                                           // length
            BinaryPrimitives.WriteUInt16BigEndian(tcp[22..], s.Mss);
        }
        s.Payload.Span.CopyTo(tcp[tcpHeaderLength..]);

        // RFC 9293 §3.1: the checksum covers a pseudo-header (addresses, protocol, TCP length) and the segment.
        Span<byte> pseudo = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(pseudo, s.Source.Address);
        BinaryPrimitives.WriteUInt32BigEndian(pseudo[4..], s.Destination.Address);
        pseudo[9] = 6;
        BinaryPrimitives.WriteUInt16BigEndian(pseudo[10..], (ushort)tcpLength);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], Checksum(tcp, Sum(pseudo, 0)));
        return packet;
    }

    /// <summary>The Internet checksum (RFC 1071): one's complement of the one's-complement sum of 16-bit words.</summary>
    private static ushort Checksum(ReadOnlySpan<byte> data, uint initial)
    {
        var sum = Sum(data, initial);
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    private static uint Sum(ReadOnlySpan<byte> data, uint sum)
    {
        var i = 0;
        for (; i + 1 < data.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (i < data.Length) sum += (uint)data[i] << 8;
        return sum;
    }
}
