using System.Text;

namespace TcpKata.Scripts;

/// <summary>
/// How a segment a TCP sent is held against the script line that expects it, as packetdrill holds it: flags, relative
/// sequence and ack numbers, length, the window when the line gives one, and the options in order (none when the line
/// has none, any with &lt;...&gt;). The kit's runner and the kernel's share it, so both modes judge a script alike.
/// </summary>
public static class PktMatcher
{
    /// <param name="expected">the script line</param>
    /// <param name="sent">the segment</param>
    /// <param name="seq">its sequence number relative to the sender's ISN</param>
    /// <param name="options">its options as a script writes them</param>
    /// <param name="lenientOptions">compare only the MSS option</param>
    /// <param name="compareWindow">false when window scaling makes the field incomparable</param>
    /// <param name="optionsNote">what to add to an options difference (why, and what to do)</param>
    public static List<string> Mismatches(PktPacket expected, in Segment sent, uint seq, IReadOnlyList<PktOption> options, bool lenientOptions,
        bool compareWindow = true, Func<IReadOnlyList<PktOption>, string>? optionsNote = null)
    {
        var problems = new List<string>();
        if (sent.Flags != expected.Flags) problems.Add($"flags [{sent.Flags.ToTcpdump()}], expected [{expected.Flags.ToTcpdump()}]");
        if (seq != expected.StartSeq) problems.Add($"seq {seq}, expected {expected.StartSeq}");
        if (sent.Payload.Length != expected.PayloadLength) problems.Add($"{sent.Payload.Length} bytes of data, expected {expected.PayloadLength}");
        if (expected.Flags.HasFlag(TcpFlags.Ack) && sent.IsAck && expected.Ack is { } ack && sent.Ack.Value != ack) problems.Add($"ack {sent.Ack}, expected {ack}");
        if (expected.Window is { } win && compareWindow && sent.Window != win) problems.Add($"win {sent.Window}, expected {win}");
        if (expected.Options is not { } wanted) return problems;
        if (lenientOptions)
        {
            var mss = wanted.FirstOrDefault(o => o.Kind == "mss");
            var actualMss = options.FirstOrDefault(o => o.Kind == "mss")?.Value ?? 0;
            if (mss is not null && mss.Value != actualMss) problems.Add($"options [{Join(options)}], expected mss {mss.Value}");
        }
        else if (wanted.Count != options.Count || !wanted.Zip(options).All(pair => pair.First.Matches(pair.Second)))
            problems.Add($"options <{Join(options)}>, expected <{Join(wanted)}>" + optionsNote?.Invoke(wanted));
        return problems;
    }

    /// <summary>A sent segment in script notation: "0.100000 > S. 0:0(0) ack 1 win 65535 &lt;mss 1460&gt;".</summary>
    public static string Describe(in Segment sent, uint seq, TimeSpan time, IReadOnlyList<PktOption> options)
    {
        var sb = new StringBuilder($"{Tracing.Trace.FormatTime(time)} > {sent.Flags.ToTcpdump()} {seq}:{unchecked(seq + (uint)sent.Payload.Length)}({sent.Payload.Length})");
        if (sent.IsAck) sb.Append($" ack {sent.Ack}");
        sb.Append($" win {sent.Window}");
        if (options.Count > 0) sb.Append(" <").Append(Join(options)).Append('>');
        return sb.ToString();
    }

    public static string Join(IEnumerable<PktOption> options) => string.Join(",", options);
}
