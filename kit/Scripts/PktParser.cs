using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TcpKata.Scripts;

/// <summary>
/// Reads packetdrill scripts as Linux's packetdrill test suite writes them (one event per line):
/// <c>--option=value</c> lines, backtick shell commands and <c>%{ python }%</c> blocks, timed or not (skipped and
/// reported), <c>//</c> and <c>/* */</c>
/// comments, times <c>0 +t * a~b +a~+b</c>, blocking calls <c>t...end</c>, inbound/outbound TCP segments
/// and system calls. Anything it does not understand is an error naming the file and line.
/// </summary>
public static partial class PktParser
{
    public static PktScript ParseFile(string path) => Parse(File.ReadAllText(path), path);

    public static PktScript Parse(string text, string file)
    {
        var options = new Dictionary<string, string>();
        var events = new List<PktEvent>();
        var skipped = new List<string>();
        var shell = new List<PktShellCommand>();
        var lines = StripComments(text, file);
        for (var i = 0; i < lines.Count; i++)
        {
            var (lineNo, line) = lines[i];
            if (line.Length == 0) continue;
            // A timed shell command ("+0 `sysctl -q net.ipv4...`") or python block ("+0 %{ assert ... }%"): the time is read
            // and the command skipped as an untimed one is.
            if (TimedSkippable().Match(line) is { Success: true } timed) line = timed.Groups["rest"].Value;
            if (line.StartsWith("%{", StringComparison.Ordinal))
            {
                // A python block: packetdrill runs it after the script (assertions on tcpi_* values); the kit has no python.
                var joined = line;
                while (!joined.Contains("}%", StringComparison.Ordinal) && i + 1 < lines.Count) joined += "\n" + lines[++i].Text;
                if (!joined.Contains("}%", StringComparison.Ordinal)) throw new PktSyntaxException(file, lineNo, "unterminated %{ python block }%");
                skipped.Add($"{file}:{lineNo}: skipped python block {joined.Split('\n')[0]}");
                continue;
            }
            if (line.StartsWith('`'))
            {
                // A shell command: packetdrill runs it (sysctls, ip settings); the simulation has no shell.
                var joined = line;
                while (joined.Count(c => c == '`') < 2 && i + 1 < lines.Count) joined += "\n" + lines[++i].Text;
                if (joined.Count(c => c == '`') < 2) throw new PktSyntaxException(file, lineNo, "unterminated `shell command`");
                skipped.Add($"{file}:{lineNo}: skipped shell command {joined.Split('\n')[0]}");
                var first = joined.IndexOf('`');
                shell.Add(new PktShellCommand(lineNo, joined[(first + 1)..joined.IndexOf('`', first + 1)].Trim(), events.Count));
                continue;
            }
            if (line.StartsWith("--", StringComparison.Ordinal))
            {
                if (events.Count > 0) throw new PktSyntaxException(file, lineNo, $"option \"{line}\" must come before the first event");
                var eq = line.IndexOf('=');
                var name = eq < 0 ? line[2..] : line[2..eq];
                var value = eq < 0 ? "" : line[(eq + 1)..];
                var known = name switch
                {
                    "tolerance_usecs" => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _),
                    "ip_version" => value == "ipv4",
                    // The addresses packetdrill's own scripts name are the kit's: local 192.168.0.1, remote 192.0.2.1.
                    "local_ip" => value == LocalAddress,
                    "remote_ip" => value == RemoteAddress,
                    _ => false,
                };
                if (!known)
                    throw new PktSyntaxException(file, lineNo, $"unsupported option \"{line}\": TcpKata reads --tolerance_usecs=N, --ip_version=ipv4, " +
                                                               $"--local_ip={LocalAddress} and --remote_ip={RemoteAddress} (the kit's addresses, packetdrill's defaults)");
                options[name] = value;
                continue;
            }
            // An event may continue on following lines while brackets are open (long syscall arguments).
            while (Unbalanced(line) && i + 1 < lines.Count && lines[i + 1].Text.Length > 0) line += " " + lines[++i].Text;
            events.Add(ParseEvent(line, file, lineNo));
        }
        return new PktScript(file, options, events, skipped, shell);
    }

    /// <summary>The local host's address in a script run, and the scripted peer's: packetdrill's defaults.</summary>
    public const string LocalAddress = "192.168.0.1", RemoteAddress = "192.0.2.1";

    [GeneratedRegex(@"^(?:\*|\+?" + Number + @")\s+(?<rest>[`%].*)$")]
    private static partial Regex TimedSkippable();

    private static bool Unbalanced(string line) =>
        line.Count(c => c is '(' or '[' or '{') > line.Count(c => c is ')' or ']' or '}');

    private static List<(int Line, string Text)> StripComments(string text, string file)
    {
        var result = new List<(int, string)>();
        var inBlock = false;
        var blockStart = 0;
        var lineNo = 0;
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            lineNo++;
            var sb = new StringBuilder();
            for (var j = 0; j < raw.Length; j++)
            {
                if (inBlock)
                {
                    if (raw[j] == '*' && j + 1 < raw.Length && raw[j + 1] == '/') { inBlock = false; j++; }
                    continue;
                }
                if (raw[j] == '/' && j + 1 < raw.Length && raw[j + 1] == '/') break;
                if (raw[j] == '/' && j + 1 < raw.Length && raw[j + 1] == '*') { inBlock = true; blockStart = lineNo; j++; continue; }
                sb.Append(raw[j]);
            }
            result.Add((lineNo, sb.ToString().Trim()));
        }
        if (inBlock) throw new PktSyntaxException(file, blockStart, "unterminated /* comment");
        return result;
    }

    private const string Number = @"(?:\d+(?:\.\d*)?|\.\d+)";

    [GeneratedRegex(@"^(?:(?<any>\*)|(?<rel>\+)?(?<start>" + Number + @")(?:\s*~\s*(?<relend>\+)?(?<end>" + Number + @"))?(?:\.\.\.(?<block>" + Number + @"))?)\s+(?<rest>.*)$")]
    private static partial Regex EventTime();

    private static PktEvent ParseEvent(string line, string file, int lineNo)
    {
        var m = EventTime().Match(line);
        if (!m.Success)
            throw new PktSyntaxException(file, lineNo, $"expected an event starting with a time (0, +0.1, *, 0.1~0.2), found \"{line}\"");
        PktTime time;
        if (m.Groups["any"].Success) time = new PktTime(PktTimeKind.Any, TimeSpan.Zero, TimeSpan.Zero);
        else
        {
            var relative = m.Groups["rel"].Success;
            var start = Seconds(m.Groups["start"].Value);
            if (m.Groups["end"].Success)
            {
                if (relative != m.Groups["relend"].Success)
                    throw new PktSyntaxException(file, lineNo, "a time range is either absolute (0.1~0.2) or relative (+0.1~+0.2), not mixed");
                var end = Seconds(m.Groups["end"].Value);
                if (end < start) throw new PktSyntaxException(file, lineNo, "time range is backwards");
                time = new PktTime(relative ? PktTimeKind.RelativeRange : PktTimeKind.AbsoluteRange, start, end);
            }
            else time = new PktTime(relative ? PktTimeKind.Relative : PktTimeKind.Absolute, start, start);
        }
        TimeSpan? blockingEnd = m.Groups["block"].Success ? Seconds(m.Groups["block"].Value) : null;
        var rest = m.Groups["rest"].Value.Trim();

        if (rest.StartsWith('<') || rest.StartsWith('>'))
        {
            if (blockingEnd is not null) throw new PktSyntaxException(file, lineNo, "START...END marks a blocking system call, not a packet");
            var packet = ParsePacket(rest, file, lineNo, line, time);
            if (packet.Inbound && time.Kind is PktTimeKind.Any or PktTimeKind.AbsoluteRange or PktTimeKind.RelativeRange)
                throw new PktSyntaxException(file, lineNo, "a time range or * can only be used with outbound packets");
            return packet;
        }
        if (time.Kind is not (PktTimeKind.Absolute or PktTimeKind.Relative))
            throw new PktSyntaxException(file, lineNo, "a time range or * can only be used with outbound packets");
        return ParseSyscall(rest, file, lineNo, line, time, blockingEnd);
    }

    private static TimeSpan Seconds(string s) =>
        TimeSpan.FromTicks((long)Math.Round(double.Parse(s, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond));

    [GeneratedRegex(@"^(?<dir>[<>])\s+(?:(?<sport>\d+)>(?<dport>\d+)\s+)?(?<flags>\S+)\s+(?<start>\d+):(?<end>\d+)\((?<len>\d+)\)(?<fields>(?:\s+(?:ack|win|urg)\s+\d+)*)\s*(?<options><.*>)?\s*$")]
    private static partial Regex PacketLine();

    private static PktPacket ParsePacket(string rest, string file, int lineNo, string line, PktTime time)
    {
        if (rest.Length > 2 && (rest[2] == '(' || rest[2] == '['))
            throw new PktSyntaxException(file, lineNo, "IP-level settings such as (ect0) or [tos 0x0] are not modelled by TcpKata");
        var m = PacketLine().Match(rest);
        if (!m.Success)
            throw new PktSyntaxException(file, lineNo,
                $"cannot read this TCP segment: \"{rest}\". Expected DIRECTION FLAGS START:END(LEN) [ack N] [win N] [<options>], e.g. \"< S 0:0(0) win 32792 <mss 1000>\"");
        if (!TcpFlagsNotation.TryParse(m.Groups["flags"].Value, out var flags, out var flagError))
            throw new PktSyntaxException(file, lineNo, flagError!);
        var start = ParseU32(m.Groups["start"].Value, "start sequence number", file, lineNo);
        var end = ParseU32(m.Groups["end"].Value, "end sequence number", file, lineNo);
        var len = ParseU32(m.Groups["len"].Value, "payload length", file, lineNo);
        if (len > ushort.MaxValue) throw new PktSyntaxException(file, lineNo, "TCP payload size out of range");
        if (unchecked(start + len) != end)
            throw new PktSyntaxException(file, lineNo, $"inconsistent sequence numbers: {start}:{end}({len}) should have END = START + LEN = {unchecked(start + len)}");
        uint? ack = null;
        int? win = null;
        foreach (var field in m.Groups["fields"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Chunk(2))
        {
            switch (field[0])
            {
                case "ack": ack = ParseU32(field[1], "ack", file, lineNo); break;
                case "win":
                    var w = ParseU32(field[1], "window", file, lineNo);
                    if (w > ushort.MaxValue) throw new PktSyntaxException(file, lineNo, "TCP window value out of range");
                    win = (int)w;
                    break;
                default: throw new PktSyntaxException(file, lineNo, "urgent pointers (urg) are not modelled by TcpKata");
            }
        }
        if (ack is not null && (flags & TcpFlags.Ack) == 0)
            throw new PktSyntaxException(file, lineNo, "an ack number is given but the flags have no '.' (ACK)");
        var inbound = m.Groups["dir"].Value == "<";
        IReadOnlyList<PktOption>? options = [];
        if (m.Groups["options"].Success)
        {
            var inner = m.Groups["options"].Value[1..^1].Trim();
            if (inner == "...")
            {
                if (inbound) throw new PktSyntaxException(file, lineNo, "<...> for TCP options can only be used with outbound packets");
                options = null;
            }
            else options = ParseOptions(inner, file, lineNo);
        }
        ushort? sport = m.Groups["sport"].Success ? (ushort)ParseU32(m.Groups["sport"].Value, "source port", file, lineNo) : null;
        ushort? dport = m.Groups["dport"].Success ? (ushort)ParseU32(m.Groups["dport"].Value, "destination port", file, lineNo) : null;
        return new PktPacket(lineNo, line, time, inbound, flags, start, (int)len, ack, win, options, sport, dport);
    }

    private static List<PktOption> ParseOptions(string text, string file, int lineNo)
    {
        var result = new List<PktOption>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) throw new PktSyntaxException(file, lineNo, "empty TCP option in <...>");
            switch (words[0])
            {
                case "nop" or "eol" or "sackOK" when words.Length == 1:
                    result.Add(new PktOption(words[0]));
                    break;
                case "mss" or "wscale" when words.Length == 2 && uint.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var v):
                    if (words[0] == "mss" ? v > ushort.MaxValue : v > byte.MaxValue)
                        throw new PktSyntaxException(file, lineNo, $"{words[0]} value out of range: {v}");
                    result.Add(new PktOption(words[0], v));
                    break;
                case "TS" when words.Length == 5 && words[1] == "val" && words[3] == "ecr":
                    result.Add(new PktOption("TS", ParseU32(words[2], "TS val", file, lineNo), ParseU32(words[4], "TS ecr", file, lineNo)));
                    break;
                case "sack" when words.Length >= 2:
                    result.Add(new PktOption("sack", Blocks: words[1..].Select(b => SackBlock(b, file, lineNo)).ToList()));
                    break;
                default:
                    throw new PktSyntaxException(file, lineNo,
                        $"cannot read TCP option \"{part}\": TcpKata reads mss N, wscale N, sackOK, sack A:B, TS val N ecr N, nop, eol");
            }
        }
        return result;
    }

    private static (uint Left, uint Right) SackBlock(string text, string file, int lineNo)
    {
        var edges = text.Split(':');
        if (edges.Length != 2) throw new PktSyntaxException(file, lineNo, $"a sack block is written LEFT:RIGHT, not \"{text}\"");
        return (ParseU32(edges[0], "sack block edge", file, lineNo), ParseU32(edges[1], "sack block edge", file, lineNo));
    }

    private static uint ParseU32(string s, string what, string file, int lineNo) =>
        uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new PktSyntaxException(file, lineNo, $"{what} out of range: {s}");

    [GeneratedRegex(@"^(?<name>[a-z_][a-z0-9_]*)\s*\((?<args>.*)\)\s*=\s*(?<result>-?(?:0x[0-9a-fA-F]+|\d+))(?:\s+(?<errno>E[A-Z0-9]+))?(?:\s*\((?<note>[^)]*)\))?\s*$")]
    private static partial Regex SyscallLine();

    private static PktSyscall ParseSyscall(string rest, string file, int lineNo, string line, PktTime time, TimeSpan? blockingEnd)
    {
        var m = SyscallLine().Match(rest);
        if (!m.Success)
            throw new PktSyntaxException(file, lineNo,
                $"cannot read this line: \"{rest}\". Expected a packet (< or >) or a system call such as \"accept(3, ..., ...) = 4\" or \"connect(3, ..., ...) = -1 ECONNREFUSED (Connection refused)\"");
        var resultText = m.Groups["result"].Value;
        var negative = resultText.StartsWith('-');
        var digits = negative ? resultText[1..] : resultText;
        var result = digits.StartsWith("0x", StringComparison.Ordinal)
            ? long.Parse(digits[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : long.Parse(digits, CultureInfo.InvariantCulture);
        if (negative) result = -result;
        var errno = m.Groups["errno"].Success ? m.Groups["errno"].Value : null;
        if (errno is not null && result != -1)
            throw new PktSyntaxException(file, lineNo, $"an errno ({errno}) goes with a result of -1");
        return new PktSyscall(lineNo, line, time, blockingEnd, m.Groups["name"].Value, SplitArguments(m.Groups["args"].Value), result, errno);
    }

    /// <summary>Splits on commas outside brackets: "3, SOL_SOCKET, SO_REUSEADDR, [1], 4".</summary>
    private static List<string> SplitArguments(string args)
    {
        var result = new List<string>();
        var depth = 0;
        var current = new StringBuilder();
        foreach (var c in args)
        {
            if (c is '(' or '[' or '{') depth++;
            if (c is ')' or ']' or '}') depth--;
            if (c == ',' && depth == 0)
            {
                result.Add(current.ToString().Trim());
                current.Clear();
            }
            else current.Append(c);
        }
        if (current.Length > 0 || result.Count > 0) result.Add(current.ToString().Trim());
        return result;
    }
}
