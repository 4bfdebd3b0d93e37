using System.Net;

namespace TcpKata;

/// <summary>An IPv4 address and a port: one end of a connection. A value type so the hot path never allocates.</summary>
public readonly record struct Endpoint(uint Address, ushort Port)
{
    public IPEndPoint ToIPEndPoint() => new(new IPAddress(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(Address)), Port);

    public static Endpoint From(IPEndPoint ep)
    {
        var bytes = ep.Address.MapToIPv4().GetAddressBytes();
        return new Endpoint(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes), (ushort)ep.Port);
    }

    public static uint ParseAddress(string dotted)
    {
        var bytes = IPAddress.Parse(dotted).GetAddressBytes();
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static string FormatAddress(uint address) =>
        $"{address >> 24}.{(address >> 16) & 0xff}.{(address >> 8) & 0xff}.{address & 0xff}";

    public override string ToString() => $"{FormatAddress(Address)}:{Port}";
}
