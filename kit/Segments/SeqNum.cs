namespace TcpKata;

/// <summary>
/// A 32-bit TCP sequence number. Sequence space wraps at 2^32, so "less than" means
/// "less than, going forward by under 2^31" (serial-number arithmetic, RFC 1982 §3.2;
/// RFC 9293 §3.4: "all arithmetic dealing with sequence numbers must be performed modulo 2**32").
/// </summary>
public readonly struct SeqNum : IEquatable<SeqNum>
{
    public SeqNum(uint value) => Value = value;

    public uint Value { get; }

    public static SeqNum operator +(SeqNum a, int n) => new(unchecked(a.Value + (uint)n));
    public static SeqNum operator -(SeqNum a, int n) => new(unchecked(a.Value - (uint)n));

    /// <summary>Signed distance from <paramref name="b"/> to <paramref name="a"/> (a - b), wrap-aware.</summary>
    public static int operator -(SeqNum a, SeqNum b) => unchecked((int)(a.Value - b.Value));

    public static bool operator <(SeqNum a, SeqNum b) => a - b < 0;
    public static bool operator >(SeqNum a, SeqNum b) => a - b > 0;
    public static bool operator <=(SeqNum a, SeqNum b) => a - b <= 0;
    public static bool operator >=(SeqNum a, SeqNum b) => a - b >= 0;
    public static bool operator ==(SeqNum a, SeqNum b) => a.Value == b.Value;
    public static bool operator !=(SeqNum a, SeqNum b) => a.Value != b.Value;

    public static implicit operator SeqNum(uint value) => new(value);

    /// <summary>True when <paramref name="low"/> &lt; this &lt;= <paramref name="high"/>, the shape of RFC 9293's acceptable-ACK test.</summary>
    public bool IsAfterAndAtMost(SeqNum low, SeqNum high) => this > low && this <= high;

    public bool Equals(SeqNum other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is SeqNum other && Equals(other);
    public override int GetHashCode() => (int)Value;
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
