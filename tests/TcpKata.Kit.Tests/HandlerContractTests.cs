using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;

namespace TcpKata.Kit.Tests;

/// <summary>
/// A handler's task is written once, in its [Contract] in kit/Tcp/Handlers.cs. The stub's "not implemented yet" message
/// is made from it; these tests keep the stub's doc comment and the exercise README's table in step with it. When one
/// fails, the message shows the text to paste.
/// </summary>
public sealed class HandlerContractTests
{
    private static readonly string Root = Repository.Root;

    private static readonly (Type Interface, string Slug, string Stub)[] Exercises =
    [
        (typeof(IClientHandshake), "01-client-handshake", "ClientHandshake.cs"),
        (typeof(IServerHandshake), "02-server-handshake", "ServerHandshake.cs"),
        (typeof(IPassiveClose), "03-passive-close", "PassiveClose.cs"),
        (typeof(IActiveClose), "04-active-close", "ActiveClose.cs"),
        (typeof(IResetHandling), "05-resets-and-retries", "ResetHandling.cs"),
    ];

    private static IEnumerable<TestCaseData> Handlers() => Exercises.SelectMany(e => e.Interface.GetMethods()
        .Select(m => new TestCaseData(e.Interface, m.Name, e.Slug, e.Stub).SetArgDisplayNames($"{e.Interface.Name}.{m.Name}")));

    private static ContractAttribute Contract(Type handler, string method) =>
        handler.GetMethod(method)!.GetCustomAttribute<ContractAttribute>() ?? throw new AssertionException($"{handler.Name}.{method} has no [Contract]");

    [Test]
    public void EveryHandlerInterfaceIsAnExercise() =>
        Assert.That(typeof(TcpHandlers).GetProperties().Select(p => p.PropertyType).Where(t => t.IsInterface), Is.EquivalentTo(Exercises.Select(e => e.Interface)));

    [TestCaseSource(nameof(Handlers))]
    public void TheStubThrowsTheContractAndItsDocCommentSaysIt(Type handler, string method, string slug, string stub)
    {
        var contract = Contract(handler, method);
        var source = File.ReadAllText(Path.Combine(Root, "exercises", slug, stub));
        var found = Regex.Match(source, $@"/// <summary>\n(?<doc>(?:\s*///.*\n)*?)\s*/// </summary>\n\s*public void {method}\([^)]*\) =>\n\s*(?<body>.*);");
        Assert.That(found.Success, Is.True, $"{stub}: no '{method}(...) =>' with a <summary>");
        var doc = WebUtility.HtmlDecode(Regex.Replace(found.Groups["doc"].Value, @"\s*///\s*", " ")).Trim();
        var expected = $"When: {contract.When}. Do: {contract.Task}. Read: {contract.Read}.";
        Assert.Multiple(() =>
        {
            Assert.That(doc, Is.EqualTo(expected), $"{stub}'s doc comment of {method}: write When, Do and Read from its [Contract]");
            Assert.That(found.Groups["body"].Value, Is.EqualTo("throw Kata.NotImplemented(this)"));
        });
    }

    [TestCaseSource(nameof(Handlers))]
    public void TheReadmeTableStatesTheContract(Type handler, string method, string slug, string stub)
    {
        var contract = Contract(handler, method);
        var parameters = string.Join(", ", handler.GetMethod(method)!.GetParameters().Select(p => p.Name));
        var row = $"| `{method}({parameters})` | {Escape(contract.When)} | {Escape(contract.Task)} | {contract.Read} |";
        var english = File.ReadAllLines(Path.Combine(Root, "exercises", slug, "README.md"));
        var chinese = File.ReadAllLines(Path.Combine(Root, "exercises", slug, "README.zh-Hant.md"));
        var chineseRow = chinese.FirstOrDefault(l => l.StartsWith($"| `{method}({parameters})` |", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(english, Has.One.EqualTo(row), $"README.md's table needs this row:\n{row}");
            Assert.That(chineseRow, Is.Not.Null, "README.zh-Hant.md's table lists every handler");
            Assert.That(chineseRow?.Split('|', StringSplitOptions.TrimEntries)[^2], Does.StartWith(contract.Read), "and what to read");
        });
    }

    private sealed class NoContract
    {
        public Exception Stub() => Kata.NotImplemented(this);
    }

    [Test]
    public void NotImplementedNamesTheHandlerTheTaskAndTheFile()
    {
        // Any implementation will do: the message depends on the interface's contract, the type's name and the caller.
        var e = Kata.NotImplemented(new global::TcpKata.Exercises.ClientHandshake(), nameof(IClientHandshake.OnConnect), "/x/exercises/01-client-handshake/ClientHandshake.cs", 7);
        var contract = Contract(typeof(IClientHandshake), nameof(IClientHandshake.OnConnect));
        Assert.Multiple(() =>
        {
            Assert.That(e.Message, Is.EqualTo($"not implemented yet: ClientHandshake.OnConnect — {contract.Task}. Read {contract.Read}; edit exercises/01-client-handshake/ClientHandshake.cs."));
            Assert.That(() => new NoContract().Stub(), Throws.InvalidOperationException.With.Message.Contains("implements no handler with a [Contract]"));
        });
    }

    private static string Escape(string text) => text.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
