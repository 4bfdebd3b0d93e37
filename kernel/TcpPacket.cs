using System.Buffers.Binary;

namespace TcpKata.Kernel;

/// <summary>A TCP option as it is on the wire: its kind and its data (mss 2, wscale 3, sackOK 4, TS 8; nop and eol have none).</summary>
public sealed record TcpOption(byte Kind, byte[] Data)
{
    public const byte End = 0, Nop = 1, Mss = 2, WindowScale = 3, SackPermitted = 4, Timestamps = 8;

    public override string ToString() => Kind switch
    {
        Nop => "nop",
        Mss => $"mss {BinaryPrimitives.ReadUInt16BigEndian(Data)}",
        WindowScale => $"wscale {Data[0]}",
        SackPermitted => "sackOK",
        Timestamps => $"TS val {BinaryPrimitives.ReadUInt32BigEndian(Data)} ecr {BinaryPrimitives.ReadUInt32BigEndian(Data.AsSpan(4))}",
        _ => $"option {Kind}",
    };
}

/// <summary>
/// An IPv4 packet carrying one TCP segment, as a TUN device reads and writes them (RFC 791, RFC 9293 §3.1): the kit's
/// <see cref="Segment"/> for what the kit models, and the options as they were on the wire.
/// </summary>
public sealed record TcpPacket(Segment Segment, IReadOnlyList<TcpOption> Options)
{
    private const int IpHeader = 20, TcpHeader = 20;

    /// <summary>The packet's bytes, checksums computed: IPv4 (TTL 64, don't fragment), then TCP with its options padded to 32 bits.</summary>
    public byte[] Encode()
    {
        var options = Options.SelectMany(o => o.Kind is TcpOption.Nop or TcpOption.End ? [o.Kind] : (byte[])[o.Kind, (byte)(o.Data.Length + 2), .. o.Data]).ToList();
        while (options.Count % 4 != 0) options.Add(TcpOption.End);
        var tcpLength = TcpHeader + options.Count + Segment.Payload.Length;
        var packet = new byte[IpHeader + tcpLength];
        var ip = packet.AsSpan(0, IpHeader);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000);
        ip[8] = 64;
        ip[9] = 6;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], Segment.Source.Address);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], Segment.Destination.Address);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip, 0));

        var tcp = packet.AsSpan(IpHeader);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, Segment.Source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], Segment.Destination.Port);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], Segment.Seq.Value);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], Segment.Ack.Value);
        tcp[12] = (byte)((TcpHeader + options.Count) / 4 << 4);
        tcp[13] = (byte)Segment.Flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], Segment.Window);
        options.ToArray().CopyTo(tcp[TcpHeader..]);
        Segment.Payload.Span.CopyTo(tcp[(TcpHeader + options.Count)..]);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], Checksum(tcp, PseudoHeaderSum(Segment.Source.Address, Segment.Destination.Address, tcpLength)));
        return packet;
    }

    /// <summary>The TCP segment in an IPv4 packet; null for anything else a TUN device carries (IPv6, ICMP, UDP...) or a
    /// packet whose TCP checksum is wrong (unless <paramref name="verifyChecksum"/> is false: the device computes it).</summary>
    public static TcpPacket? Decode(ReadOnlySpan<byte> packet, bool verifyChecksum = true)
    {
        if (packet.Length < IpHeader || packet[0] >> 4 != 4 || packet[9] != 6) return null;
        var ipLength = (packet[0] & 0x0F) * 4;
        var total = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (total > packet.Length || ipLength + TcpHeader > total) return null;
        var source = BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);
        var destination = BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);
        var tcp = packet[ipLength..total];
        if (verifyChecksum && Checksum(tcp, PseudoHeaderSum(source, destination, tcp.Length)) != 0) return null;
        var offset = (tcp[12] >> 4) * 4;
        if (offset < TcpHeader || offset > tcp.Length) return null;
        var options = new List<TcpOption>();
        var mss = (ushort)0;
        for (var i = TcpHeader; i < offset;)
        {
            var kind = tcp[i];
            if (kind == TcpOption.End) break;
            if (kind == TcpOption.Nop)
            {
                options.Add(new TcpOption(kind, []));
                i++;
                continue;
            }
            if (i + 1 >= offset || tcp[i + 1] < 2 || i + tcp[i + 1] > offset) return null;
            var data = tcp.Slice(i + 2, tcp[i + 1] - 2).ToArray();
            if (kind == TcpOption.Mss && data.Length == 2) mss = BinaryPrimitives.ReadUInt16BigEndian(data);
            options.Add(new TcpOption(kind, data));
            i += tcp[i + 1];
        }
        var segment = new Segment(
            new Endpoint(source, BinaryPrimitives.ReadUInt16BigEndian(tcp)),
            new Endpoint(destination, BinaryPrimitives.ReadUInt16BigEndian(tcp[2..])),
            BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]), BinaryPrimitives.ReadUInt32BigEndian(tcp[8..]),
            (TcpFlags)(tcp[13] & 0x1F), BinaryPrimitives.ReadUInt16BigEndian(tcp[14..]), mss, tcp[offset..].ToArray());
        return new TcpPacket(segment, options);
    }

    private static uint PseudoHeaderSum(uint source, uint destination, int tcpLength) =>
        (source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF) + 6 + (uint)tcpLength;

    // The Internet checksum (RFC 1071) of the bytes, starting from a partial sum; 0 when the bytes hold a correct checksum.
    private static ushort Checksum(ReadOnlySpan<byte> bytes, uint sum)
    {
        for (var i = 0; i + 1 < bytes.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(bytes[i..]);
        if (bytes.Length % 2 == 1) sum += (uint)bytes[^1] << 8;
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
