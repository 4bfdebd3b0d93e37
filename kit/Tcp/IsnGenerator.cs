using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TcpKata;

/// <summary>Chooses initial sequence numbers. Injectable so tests can pin them.</summary>
public interface IIsnGenerator
{
    SeqNum Next(Endpoint local, Endpoint remote, TimeSpan now);
}

/// <summary>
/// RFC 6528 §3: ISN = M + F(localip, localport, remoteip, remoteport, secretkey), where M is a
/// 4-microsecond timer and F a keyed hash. A constant ISN lets an off-path attacker guess sequence
/// numbers and inject segments; this one cannot be guessed without the key. The key comes from
/// the simulation's seed, so runs stay reproducible.
/// </summary>
public sealed class Rfc6528IsnGenerator : IIsnGenerator
{
    private readonly byte[] _key;

    public Rfc6528IsnGenerator(ulong secret)
    {
        _key = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(_key, secret);
        BinaryPrimitives.WriteUInt64LittleEndian(_key.AsSpan(8), ~secret);
    }

    public SeqNum Next(Endpoint local, Endpoint remote, TimeSpan now)
    {
        Span<byte> tuple = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(tuple, local.Address);
        BinaryPrimitives.WriteUInt16BigEndian(tuple[4..], local.Port);
        BinaryPrimitives.WriteUInt32BigEndian(tuple[6..], remote.Address);
        BinaryPrimitives.WriteUInt16BigEndian(tuple[10..], remote.Port);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_key, tuple, hash);
        var f = BinaryPrimitives.ReadUInt32BigEndian(hash);
        var m = (uint)(now.Ticks / 40); // 40 ticks of 100 ns = 4 microseconds
        return new SeqNum(unchecked(m + f));
    }
}

/// <summary>Always the same ISN: for tests and for reading absolute sequence numbers by eye. Never on a real network (RFC 6528).</summary>
public sealed class FixedIsnGenerator(uint isn) : IIsnGenerator
{
    public SeqNum Next(Endpoint local, Endpoint remote, TimeSpan now) => new(isn);
}
