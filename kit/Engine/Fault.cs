using System.Globalization;
using System.Text.RegularExpressions;

namespace TcpKata.Engine;

public enum FaultAction
{
    Drop,
    Delay,
    Duplicate,
}

/// <summary>
/// A scripted fault: "drop server S. #1" drops the first SYN-ACK the server sends;
/// "delay client . #2 +1.5s" holds the client's second bare ACK back 1.5 s; "drop server F. all"
/// drops every FIN-ACK from the server. Flags use tcpdump notation and must match exactly.
/// </summary>
public sealed partial class Fault
{
    public Fault(FaultAction action, string from, TcpFlags flags, int occurrence, TimeSpan delay = default)
    {
        if (occurrence < 0) throw new ArgumentOutOfRangeException(nameof(occurrence), "occurrence is 1-based; 0 means every match");
        Action = action;
        From = from;
        Flags = flags;
        Occurrence = occurrence;
        Delay = delay;
    }

    public FaultAction Action { get; }

    /// <summary>The host name whose outgoing segments this fault watches.</summary>
    public string From { get; }

    public TcpFlags Flags { get; }

    /// <summary>Which match to act on, from 1; 0 acts on every match.</summary>
    public int Occurrence { get; }

    public TimeSpan Delay { get; }

    private int _seen;

    /// <summary>How many segments have matched its host and flags so far (whether or not it acted on them).</summary>
    public int Seen => _seen;

    public static Fault DropNth(string from, string flags, int occurrence = 1) => new(FaultAction.Drop, from, ParseFlags(flags), occurrence);
    public static Fault DropAll(string from, string flags) => new(FaultAction.Drop, from, ParseFlags(flags), 0);
    public static Fault DelayNth(string from, string flags, int occurrence, TimeSpan by) => new(FaultAction.Delay, from, ParseFlags(flags), occurrence, by);
    public static Fault DuplicateNth(string from, string flags, int occurrence = 1) => new(FaultAction.Duplicate, from, ParseFlags(flags), occurrence);

    /// <summary>True when this fault acts on this segment; counts matches as a side effect.</summary>
    internal bool Matches(string fromHost, in Segment segment)
    {
        if (fromHost != From || segment.Flags != Flags) return false;
        _seen++;
        return Occurrence == 0 || _seen == Occurrence;
    }

    internal void Reset() => _seen = 0;

    [GeneratedRegex(@"^(?<action>drop|delay|duplicate)\s+(?<from>[A-Za-z][\w-]*)\s+(?<flags>[SFRP.]+|-)(\s+(#(?<n>\d+)|(?<all>all)))?(\s+\+(?<delay>\d+(\.\d+)?)(?<unit>ms|s))?$")]
    private static partial Regex Syntax();

    /// <summary>Parses "ACTION HOST FLAGS [#N|all] [+DELAY]"; throws FormatException naming what is wrong.</summary>
    public static Fault Parse(string text)
    {
        var m = Syntax().Match(text.Trim());
        if (!m.Success)
            throw new FormatException($"cannot read fault \"{text}\": expected ACTION HOST FLAGS [#N|all] [+DELAY], e.g. \"drop server S. #1\" or \"delay client . #2 +1.5s\" (ACTION is drop, delay or duplicate)");
        var action = Enum.Parse<FaultAction>(m.Groups["action"].Value, ignoreCase: true);
        var occurrence = m.Groups["all"].Success ? 0 : m.Groups["n"].Success ? int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : 1;
        if (m.Groups["n"].Success && occurrence == 0) throw new FormatException($"cannot read fault \"{text}\": occurrences count from #1");
        var delay = TimeSpan.Zero;
        if (m.Groups["delay"].Success)
        {
            var amount = double.Parse(m.Groups["delay"].Value, CultureInfo.InvariantCulture);
            delay = m.Groups["unit"].Value == "ms" ? TimeSpan.FromMilliseconds(amount) : TimeSpan.FromSeconds(amount);
        }
        if (action == FaultAction.Delay && delay == TimeSpan.Zero)
            throw new FormatException($"cannot read fault \"{text}\": a delay fault needs +DELAY, e.g. \"delay client . #1 +1.5s\"");
        return new Fault(action, m.Groups["from"].Value, ParseFlags(m.Groups["flags"].Value), occurrence, delay);
    }

    private static TcpFlags ParseFlags(string flags) =>
        TcpFlagsNotation.TryParse(flags, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public override string ToString()
    {
        var which = Occurrence == 0 ? "all" : $"#{Occurrence}";
        var delay = Action == FaultAction.Delay ? $" +{Tracing.Trace.Seconds(Delay)}s" : "";
        return $"{Action.ToString().ToLowerInvariant()} {From} {(Flags == TcpFlags.None ? "-" : Flags.ToTcpdump())} {which}{delay}";
    }
}
