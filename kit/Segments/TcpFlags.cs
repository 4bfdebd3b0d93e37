namespace TcpKata;

/// <summary>TCP control bits (RFC 9293 §3.1), in header bit order.</summary>
[Flags]
public enum TcpFlags : byte
{
    None = 0,
    Fin = 0x01,
    Syn = 0x02,
    Rst = 0x04,
    Psh = 0x08,
    Ack = 0x10,
}

public static class TcpFlagsNotation
{
    /// <summary>tcpdump's and packetdrill's notation: S F R P, then '.' for ACK ("S." is SYN+ACK, "." a bare ACK).</summary>
    public static string ToTcpdump(this TcpFlags flags)
    {
        if (flags == TcpFlags.None) return "none";
        Span<char> buffer = stackalloc char[5];
        var n = 0;
        if ((flags & TcpFlags.Syn) != 0) buffer[n++] = 'S';
        if ((flags & TcpFlags.Fin) != 0) buffer[n++] = 'F';
        if ((flags & TcpFlags.Rst) != 0) buffer[n++] = 'R';
        if ((flags & TcpFlags.Psh) != 0) buffer[n++] = 'P';
        if ((flags & TcpFlags.Ack) != 0) buffer[n++] = '.';
        return new string(buffer[..n]);
    }

    /// <summary>Parses tcpdump notation ("S.", "F.", ".", "R", "P.", "-" for none).</summary>
    public static bool TryParse(string text, out TcpFlags flags, out string? error)
    {
        flags = TcpFlags.None;
        error = null;
        if (text == "-") return true;
        foreach (var ch in text)
        {
            var bit = ch switch
            {
                'S' => TcpFlags.Syn,
                'F' => TcpFlags.Fin,
                'R' => TcpFlags.Rst,
                'P' => TcpFlags.Psh,
                '.' => TcpFlags.Ack,
                _ => (TcpFlags?)null,
            };
            if (bit is null)
            {
                error = ch is 'E' or 'W' or 'U'
                    ? $"flag '{ch}' (ECN/URG) is not modelled by TcpKata; use S F R P and '.'"
                    : $"unknown TCP flag '{ch}' in \"{text}\"; use S F R P and '.' (ACK)";
                return false;
            }
            flags |= bit.Value;
        }
        return true;
    }
}
