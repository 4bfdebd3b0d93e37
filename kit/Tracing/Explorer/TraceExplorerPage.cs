using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace TcpKata.Tracing.Explorer;

/// <summary>
/// One self-contained HTML file to step through a trace in a browser, offline: the ladder, each host's RFC 9293 state
/// diagram with the current state lit and the last transition marked, each host's TCB after the step (relative and
/// absolute numbers), and the selected segment's header fields. The data is computed here; explorer.html (beside this
/// file, embedded in the kit) only draws it.
/// </summary>
public static class TraceExplorerPage
{
    /// <param name="trace">the run</param>
    /// <param name="tcbs">the TCBs as the run went (null: the page shows states only)</param>
    /// <param name="left">the host drawn on the left (the one that opened, usually)</param>
    /// <param name="right">the host on the right</param>
    /// <param name="title">what the page is about: "tcpkata trace handshake --seed 1"</param>
    /// <param name="chinese">labels in 繁體中文 rather than English</param>
    /// <param name="brokeOff">why the run stopped before its end (a handler contract, a stub, an app's call that failed), if
    /// it did: the page says so and opens at the last step</param>
    public static string Render(Trace trace, TcbTimeline? tcbs, string left, string right, string title, bool chinese = false, string? brokeOff = null) =>
        Page(title, chinese, left, right, Steps(trace, tcbs, left, right, null).Steps, null, null, brokeOff);

    /// <summary>
    /// The page of a failure: the run stepped through as <see cref="Render"/> draws it, with what was expected (a verified
    /// trace, a script) drawn beside it, each step of the run level with its counterpart, and the first difference marked,
    /// the handler that produced it named. The page opens at the difference.
    /// </summary>
    /// <param name="expected">what was expected (its TCBs are not known: a snapshot or a script keeps none)</param>
    /// <param name="actual">the run</param>
    /// <param name="difference">where they first differ, as indices into each trace's events, and what differs</param>
    /// <param name="left">the host drawn on the left</param>
    /// <param name="right">the host on the right</param>
    /// <param name="title">what failed: the test's name</param>
    /// <param name="chinese">labels in 繁體中文 rather than English</param>
    /// <param name="scriptedPeer">the host a script plays (it has no TCB, no state to show), if one does</param>
    /// <param name="brokeOff">why the run stopped before its end, if it did</param>
    public static string RenderComparison(ExplorerRun expected, ExplorerRun actual, TraceDifference difference, string left, string right, string title,
        bool chinese = false, string? scriptedPeer = null, string? brokeOff = null)
    {
        var (steps, stepOf) = Steps(actual.Trace, actual.Tcbs, left, right, null);
        var (expectedSteps, expectedStepOf) = Steps(expected.Trace, null, left, right, expected.ScriptLines);
        Align(steps, expectedSteps);
        var producer = actual.Trace.HandlerThatRecorded(difference.ActualEvent) ?? actual.Trace.LastHandlerBefore(difference.ActualEvent);
        var compare = new Dictionary<string, object?>
        {
            ["expectedTitle"] = expected.Title,
            ["actualTitle"] = actual.Title,
            ["expected"] = expectedSteps,
            ["difference"] = new Dictionary<string, object?>
            {
                ["expected"] = StepOf(expectedStepOf, difference.ExpectedEvent),
                ["actual"] = StepOf(stepOf, difference.ActualEvent),
                ["what"] = difference.What,
                ["handler"] = producer?.Handler,
                ["when"] = producer is null ? null : $"{producer.When} ({producer.Host}, {Trace.FormatTime(producer.Time)} s)",
                // A handler that ran before the difference, rather than the one that recorded it: it did not do what came next.
                ["handlerRanBefore"] = producer is not null && actual.Trace.HandlerThatRecorded(difference.ActualEvent) is null,
            },
        };
        return Page(title, chinese, left, right, steps, compare, scriptedPeer == left ? 0 : scriptedPeer == right ? 1 : null, brokeOff);
    }

    private static string Page(string title, bool chinese, string left, string right, List<Dictionary<string, object?>> steps,
        Dictionary<string, object?>? compare, int? scriptedPeer, string? brokeOff = null)
    {
        var data = new Dictionary<string, object?>
        {
            ["title"] = title,
            ["lang"] = chinese ? "zh-Hant" : "en",
            ["labels"] = chinese ? Chinese : English,
            ["hosts"] = new[] { left, right },
            ["steps"] = steps,
            ["compare"] = compare,
            ["scriptedPeer"] = scriptedPeer,
            ["brokeOff"] = brokeOff,
        };
        return Fill(JsonSerializer.Serialize(data), title, chinese ? "zh-Hant" : "en");
    }

    // The serializer escapes <, > and & in the data (no "</script>" can end the block early); the title is encoded as HTML.
    private static string Fill(string json, string title, string lang) =>
        Template.Value.Replace("/*TRACE*/null", json, StringComparison.Ordinal)
            .Replace("<!--TITLE-->", System.Net.WebUtility.HtmlEncode(title), StringComparison.Ordinal)
            .Replace("<!--LANG-->", lang, StringComparison.Ordinal);

    /// <summary>The data a page carries (what <see cref="FromData"/> draws again); null when <paramref name="html"/> is not one of these pages.</summary>
    public static string? DataOf(string html)
    {
        var start = html.IndexOf(DataStart, StringComparison.Ordinal);
        var end = start < 0 ? -1 : html.IndexOf(DataEnd, start, StringComparison.Ordinal);
        return end < 0 ? null : html[(start + DataStart.Length)..end];
    }

    /// <summary>
    /// A page drawn again from data that came from elsewhere (a sandboxed test run, where the student's code could have
    /// written anything): it must be one JSON object, no larger than <paramref name="limitBytes"/>, and is written out
    /// again by the serializer, so that nothing in it is read as markup; the title is the caller's own. Null when the data
    /// is not such an object.
    /// </summary>
    public static string? FromData(string data, string title, int limitBytes = 4 * 1024 * 1024)
    {
        if (data.Length > limitBytes) return null;
        try
        {
            using var document = JsonDocument.Parse(data);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            var lang = document.RootElement.TryGetProperty("lang", out var l) && l.ValueEquals("zh-Hant") ? "zh-Hant" : "en";
            var copy = new Dictionary<string, JsonElement>();
            foreach (var property in document.RootElement.EnumerateObject()) copy[property.Name] = property.Value.Clone();
            copy["title"] = JsonSerializer.SerializeToElement(title);
            return Fill(JsonSerializer.Serialize(copy), title, lang);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private const string DataStart = "const TRACE = ", DataEnd = ";\n";

    // The step that shows trace event i: the step of the event itself or, for one drawn with another (a fault with its
    // segment, a delivery), of the last step before it.
    private static int StepOf(int[] stepOf, int i) => stepOf.Length == 0 ? 0 : stepOf[Math.Clamp(i, 0, stepOf.Length - 1)];


    // Each step of the run gets its counterpart in the expected steps: the n-th segment with the n-th segment, and the
    // steps between two segments in order, as far as the other side has steps there.
    private static void Align(List<Dictionary<string, object?>> actual, List<Dictionary<string, object?>> expected)
    {
        static List<List<int>> Gaps(List<Dictionary<string, object?>> steps)
        {
            var gaps = new List<List<int>> { new() };
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i]["kind"] as string == "segment") gaps.Add([]);
                gaps[^1].Add(i); // a segment heads the gap after it
            }
            return gaps;
        }
        var (a, e) = (Gaps(actual), Gaps(expected));
        for (var g = 0; g < a.Count; g++)
            for (var j = 0; j < a[g].Count; j++)
            {
                int? counterpart = g < e.Count && e[g].Count > 0 ? e[g][Math.Min(j, e[g].Count - 1)]
                    : g >= e.Count && expected.Count > 0 ? expected.Count - 1 : g > 0 && e[g - 1].Count > 0 ? e[g - 1][^1] : null;
                actual[a[g][j]]["counterpart"] = counterpart;
            }
    }

    /// <summary>Whether a UI culture reads 繁體中文 (zh-Hant, zh-HK, zh-MO, zh-TW): the CLI's default language and the failure pages'.</summary>
    public static bool ReadsChinese(CultureInfo culture) =>
        culture.Name.StartsWith("zh-Hant", StringComparison.OrdinalIgnoreCase) || culture.Name is "zh-HK" or "zh-MO" or "zh-TW";

    private static readonly Lazy<string> Template = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("TcpKata.Tracing.Explorer.explorer.html")
                           ?? throw new InvalidOperationException("explorer.html is not embedded in the kit");
        return new StreamReader(stream).ReadToEnd();
    });

    // One step per ladder row, and the step each trace event is shown in.
    private static (List<Dictionary<string, object?>> Steps, int[] StepOf) Steps(Trace trace, TcbTimeline? tcbs, string left, string right,
        IReadOnlyList<int>? scriptLines)
    {
        var steps = new List<Dictionary<string, object?>>();
        var events = trace.Events;
        var stepOf = new int[events.Count];
        var isns = new Dictionary<(Endpoint, Endpoint), SeqNum>();
        var states = new Dictionary<string, string> { [left] = "CLOSED", [right] = "CLOSED" };
        var current = new Dictionary<string, Endpoint>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            stepOf[i] = Math.Max(0, steps.Count - 1);
            if (e.Kind is TraceKind.Delivered or TraceKind.Dropped or TraceKind.Duplicated or TraceKind.Delayed) continue;
            var step = new Dictionary<string, object?> { ["time"] = Trace.FormatTime(e.Time) };
            if (e.Kind == TraceKind.Sent)
            {
                var from = trace.HostName(e.Segment.Source.Address);
                var to = trace.HostName(e.Segment.Destination.Address);
                if (!(from == left && to == right) && !(from == right && to == left)) continue;
                if (e.Segment.IsSyn) isns.TryAdd((e.Segment.Source, e.Segment.Destination), e.Segment.Seq);
                var fates = FatesOf(events, i);
                step["kind"] = "segment";
                step["from"] = from == left ? 0 : 1;
                step["label"] = Label(e.Segment, isns);
                step["lost"] = fates.Contains(TraceKind.Dropped);
                step["duplicated"] = fates.Contains(TraceKind.Duplicated);
                step["delayed"] = fates.Contains(TraceKind.Delayed);
                step["fields"] = Fields(trace, e.Segment, isns);
            }
            else if (e.Host == left || e.Host == right)
            {
                step["kind"] = e.Kind.ToString().ToLowerInvariant();
                step["host"] = e.Host == left ? 0 : 1;
                step["text"] = e.Text;
                if (e.Kind == TraceKind.App && e.Text.StartsWith("listen(", StringComparison.Ordinal) && !current.ContainsKey(e.Host)) states[e.Host] = "LISTEN";
                if (e.Kind == TraceKind.State && e.NewState is { } entered)
                {
                    var was = e.Text.Split(" -> ")[0];
                    step["transition"] = new[] { was, entered.ToTraceName() };
                    states[e.Host] = entered.ToTraceName();
                    current[e.Host] = e.Local;
                }
            }
            else continue;
            // A script says nothing of states: its side shows none rather than CLOSED throughout.
            if (scriptLines is null) step["states"] = new[] { states[left], states[right] };
            else if (i < scriptLines.Count) step["line"] = scriptLines[i];
            if (tcbs is not null)
            {
                var after = tcbs.After(i);
                step["tcb"] = new[] { Tcb(after, left, current), Tcb(after, right, current) };
            }
            stepOf[i] = steps.Count;
            steps.Add(step);
        }
        return (steps, stepOf);
    }

    // What the network did with the segment sent at event i: the fault events it records right after the send.
    private static HashSet<TraceKind> FatesOf(IReadOnlyList<TraceEvent> events, int i)
    {
        var fates = new HashSet<TraceKind>();
        for (var j = i + 1; j < events.Count && events[j].Time == events[i].Time; j++)
            if (events[j].Kind is TraceKind.Dropped or TraceKind.Duplicated or TraceKind.Delayed && Same(events[j].Segment, events[i].Segment))
                fates.Add(events[j].Kind);
            else if (events[j].Kind == TraceKind.Sent) break;
        return fates;
    }

    private static bool Same(in Segment a, in Segment b) =>
        a.Source == b.Source && a.Destination == b.Destination && a.Seq == b.Seq && a.Ack == b.Ack && a.Flags == b.Flags;

    private static uint Relative(SeqNum n, Endpoint from, Endpoint to, Dictionary<(Endpoint, Endpoint), SeqNum> isns) =>
        isns.TryGetValue((from, to), out var isn) ? unchecked(n.Value - isn.Value) : n.Value;

    private static string Label(in Segment s, Dictionary<(Endpoint, Endpoint), SeqNum> isns)
    {
        var seq = Relative(s.Seq, s.Source, s.Destination, isns);
        var label = $"{s.Flags.ToTcpdump()} {seq}" + (s.Payload.Length > 0 ? $":{seq + (uint)s.Payload.Length}" : "");
        return s.IsAck ? label + $" ack {Relative(s.Ack, s.Destination, s.Source, isns)}" : label;
    }

    // The header as Wireshark's packet details list it, in its order: [name, relative or only value, raw value or null].
    // Header length and checksum are read from the segment as the pcap encodes it (PcapWriter), so both say the same.
    private static List<object?[]> Fields(Trace trace, in Segment s, Dictionary<(Endpoint, Endpoint), SeqNum> isns)
    {
        var tcp = PcapWriter.Encode(s, identification: 0).AsSpan(20);
        // What the next segment's sequence number will be: SEG.SEQ + SEG.LEN, where a SYN and a FIN count one each.
        var next = s.Seq + s.Length;
        var fields = new List<object?[]>
        {
            new object?[] { "src", trace.Name(s.Source), null },
            new object?[] { "dst", trace.Name(s.Destination), null },
            new object?[] { "len", s.Payload.Length, null },
            new object?[] { "seq", Relative(s.Seq, s.Source, s.Destination, isns), s.Seq.Value },
            new object?[] { "nextSeq", Relative(next, s.Source, s.Destination, isns), next.Value },
            new object?[] { "ack", s.IsAck ? Relative(s.Ack, s.Destination, s.Source, isns) : null, s.IsAck ? s.Ack.Value : null },
            new object?[] { "headerLength", $"{(tcp[12] >> 4) * 4} bytes", null },
            new object?[] { "flags", string.Join(", ", Flags(s.Flags)), $"0x{(int)s.Flags:x3}" },
            new object?[] { "window", s.Window, null },
            new object?[] { "checksum", $"0x{System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(tcp[16..]):x4}", null },
            new object?[] { "urgent", 0, null },
        };
        if (s.Mss != 0) fields.Add(["mss", s.Mss, null]);
        return fields;
    }

    private static IEnumerable<string> Flags(TcpFlags flags) =>
        new[] { (TcpFlags.Syn, "SYN"), (TcpFlags.Ack, "ACK"), (TcpFlags.Psh, "PSH"), (TcpFlags.Fin, "FIN"), (TcpFlags.Rst, "RST") }
            .Where(f => flags.HasFlag(f.Item1)).Select(f => f.Item2);

    // The host's connection whose state was last shown (else its first), as [name, relative, absolute] rows.
    private static object? Tcb(IReadOnlyList<TcbSnapshot> after, string host, Dictionary<string, Endpoint> current)
    {
        var mine = after.Where(t => t.Host == host).ToList();
        var tcb = current.TryGetValue(host, out var local) ? mine.FirstOrDefault(t => t.Local == local) ?? mine.FirstOrDefault() : mine.FirstOrDefault();
        if (tcb is null) return null;
        // IRS and RCV.NXT mean something once a SYN has been received.
        var synchronized = tcb.State is not (TcpState.Closed or TcpState.Listen or TcpState.SynSent);
        var timers = new List<string>();
        if (tcb.RetransmissionTimer) timers.Add("timerRetransmission");
        if (tcb.TimeWaitTimer) timers.Add("timerTimeWait");
        return new Dictionary<string, object?>
        {
            ["connection"] = $"{tcb.Local.Port} ↔ {tcb.Remote.Port}",
            ["state"] = tcb.State.ToTraceName(),
            ["rows"] = new List<object?[]>
            {
                new object?[] { "ISS", 0, tcb.Iss.Value },
                new object?[] { "IRS", synchronized ? 0 : null, synchronized ? tcb.Irs.Value : null },
                new object?[] { "SND.UNA", unchecked(tcb.SndUna.Value - tcb.Iss.Value), tcb.SndUna.Value },
                new object?[] { "SND.NXT", unchecked(tcb.SndNxt.Value - tcb.Iss.Value), tcb.SndNxt.Value },
                new object?[] { "SND.WND", tcb.SndWnd, null },
                new object?[] { "RCV.NXT", synchronized ? unchecked(tcb.RcvNxt.Value - tcb.Irs.Value) : null, synchronized ? tcb.RcvNxt.Value : null },
                new object?[] { "RTO", Trace.Seconds(tcb.Rto) + " s", null },
                new object?[] { "retransmissions", tcb.Retransmissions, null },
                new object?[] { "timers", timers, null },
            },
        };
    }

    private static readonly Dictionary<string, string> English = new()
    {
        ["step"] = "step", ["of"] = "of", ["time"] = "time (s)", ["state"] = "state", ["tcb"] = "TCB once this step's event is handled", ["relative"] = "relative",
        ["absolute"] = "absolute", ["segment"] = "segment", ["noSegment"] = "this step is not a segment", ["noTcb"] = "no TCB (CLOSED, or none yet)",
        ["lost"] = "lost", ["duplicated"] = "duplicated", ["delayed"] = "delayed (reordered)", ["keys"] = "← → or the slider to step; Home, End",
        ["src"] = "Source", ["dst"] = "Destination", ["seq"] = "Sequence Number", ["ack"] = "Acknowledgment Number", ["flags"] = "Flags",
        ["window"] = "Window", ["len"] = "TCP Segment Len", ["mss"] = "Option: Maximum segment size", ["retransmissions"] = "retransmissions",
        ["nextSeq"] = "Next Sequence Number", ["headerLength"] = "Header Length", ["checksum"] = "Checksum", ["urgent"] = "Urgent Pointer",
        ["timers"] = "timers running", ["diagram"] = "RFC 9293 Figure 5: connection states", ["timerRetransmission"] = "retransmission",
        ["timerTimeWait"] = "TIME_WAIT (2 × MSL)", ["none"] = "none",
        ["firstDifference"] = "First difference", ["goToDifference"] = "go to the first difference", ["expected"] = "expected",
        ["producedBy"] = "produced by the handler", ["ranBefore"] = "the last handler that ran", ["noHandler"] = "not produced by a handler (the kit, the app or the network)",
        ["scriptLine"] = "script line", ["expectedState"] = "expected",
        ["scriptedPeer"] = "the script plays this end: it sends and checks segments, and keeps no TCB",
        ["brokeOff"] = "The run broke off after the last step", ["noSteps"] = "nothing happened between these hosts before the run broke off",
    };

    // The words of docs/glossary.zh-Hant.md.
    private static readonly Dictionary<string, string> Chinese = new()
    {
        ["step"] = "步驟", ["of"] = "/", ["time"] = "時間（秒）", ["state"] = "狀態", ["tcb"] = "這一步的事件處理完之後的 TCB", ["relative"] = "相對",
        ["absolute"] = "絕對", ["segment"] = "分段", ["noSegment"] = "這一步不是分段", ["noTcb"] = "沒有 TCB（CLOSED，或尚未建立）",
        ["lost"] = "遺失", ["duplicated"] = "重複", ["delayed"] = "延遲（次序顛倒）", ["keys"] = "用 ← → 或滑桿逐步查看；Home、End",
        ["src"] = "來源", ["dst"] = "目的地", ["seq"] = "序號", ["ack"] = "確認號", ["flags"] = "旗標", ["window"] = "視窗",
        ["len"] = "資料長度", ["mss"] = "選項：最大分段大小（MSS）", ["retransmissions"] = "重傳次數", ["timers"] = "運行中的計時器",
        ["nextSeq"] = "下一個序號", ["headerLength"] = "標頭長度", ["checksum"] = "校驗和", ["urgent"] = "緊急指標",
        ["diagram"] = "RFC 9293 Figure 5：連線狀態", ["timerRetransmission"] = "重傳計時器", ["timerTimeWait"] = "TIME_WAIT（2 × MSL）",
        ["none"] = "沒有",
        ["firstDifference"] = "第一個差異", ["goToDifference"] = "跳到第一個差異", ["expected"] = "預期",
        ["producedBy"] = "產生它的處理器", ["ranBefore"] = "最後執行的處理器", ["noHandler"] = "不是由處理器產生（而是 kit、應用程式或網絡）",
        ["scriptLine"] = "腳本行", ["expectedState"] = "預期",
        ["scriptedPeer"] = "這一端由腳本扮演：它發送和檢查分段，沒有 TCB",
        ["brokeOff"] = "執行在最後一步之後中斷了", ["noSteps"] = "執行中斷之前，這兩部主機之間甚麼也沒有發生",
    };
}
