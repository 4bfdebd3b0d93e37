using System.Reflection;
using System.Runtime.Loader;
using System.Xml;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace TcpKata.Engine;

/// <summary>
/// The worker side of <see cref="WorkerPool"/>: a warm process (a hidden verb of the tool that hosts it, see
/// <see cref="WorkerHost"/>) that runs one job after another. Each job's TcpKata.Exercises and the test
/// assemblies load into a collectible context of their own, run under NUnit's own runner, and unload. Tests report as
/// they start, so when one hangs or kills the process the pool knows which.
/// </summary>
public static class TestWorker
{
    /// <summary>The variable naming where failing tests write their trace explorer pages (tests/Shared/FailurePage.cs reads it).</summary>
    public const string ExplorerVariable = "TCPKATA_EXPLORER_DIR";

    /// <summary>The largest page data a result carries; a bigger page is left out (its test's message still says what failed).</summary>
    public const int ExplorerLimitBytes = 4 * 1024 * 1024;

    /// <summary>The worker verb's option naming the inherited pipe (a file descriptor) its events go to, never its own output.</summary>
    public const string EventsOption = "--events";

    /// <summary>The writer for <see cref="EventsOption"/>'s pipe.</summary>
    public static TextWriter OpenEvents(string pipeHandle) =>
        new StreamWriter(new System.IO.Pipes.AnonymousPipeClientStream(System.IO.Pipes.PipeDirection.Out, pipeHandle), new System.Text.UTF8Encoding(false)) { AutoFlush = false };

    /// <summary>The hidden verb a tool hosts workers under (<see cref="WorkerHost"/>): jobs on stdin, events on the inherited pipe.</summary>
    public static System.CommandLine.Command Command(string verb, string description)
    {
        var assemblies = new System.CommandLine.Argument<string[]>("TESTS") { Description = "the compiled test assemblies", Arity = System.CommandLine.ArgumentArity.OneOrMore };
        var list = new System.CommandLine.Option<bool>("--list") { Description = "list the tests of the first job instead of running it" };
        var events = new System.CommandLine.Option<string>(EventsOption) { Description = "the inherited pipe the events go to", Required = true };
        var command = new System.CommandLine.Command(verb, description) { assemblies, list, events };
        command.Hidden = true;
        command.SetAction(parsed =>
        {
            using var verdicts = OpenEvents(parsed.GetValue(events)!);
            return Run(parsed.GetValue(assemblies)!, Console.In, verdicts, parsed.GetValue(list));
        });
        return command;
    }

    /// <summary>Runs jobs from <paramref name="jobs"/> until it closes; with <paramref name="list"/>, lists the tests of the first job instead.</summary>
    public static int Run(IReadOnlyList<string> testAssemblies, TextReader jobs, TextWriter events, bool list = false)
    {
        // Whatever a submission writes goes to NUnit's per-test capture or nowhere, never into the protocol.
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
        while (jobs.ReadLine() is { } line)
        {
            var job = WorkerProtocol.Read<WorkerJob>(line);
            if (list) ListTests(job, testAssemblies, events);
            else RunJob(job, testAssemblies, events);
            events.WriteLine(WorkerProtocol.Write(new WorkerEvent(WorkerEvent.Done)));
            events.Flush();
            if (list) break;
        }
        return 0;
    }

    // Every test case, as NUnit expands them (TestCaseSource included); Passed carries "hidden" in a listing.
    private static void ListTests(WorkerJob job, IReadOnlyList<string> testAssemblies, TextWriter events) =>
        ForEachTestAssembly(job, testAssemblies, (path, runner) =>
        {
            var hidden = Path.GetFileNameWithoutExtension(path) == TestCompiler.HiddenAssembly;
            var pending = new Stack<ITest>([runner.ExploreTests(Filter(path, []))]);
            while (pending.Count > 0)
            {
                var test = pending.Pop();
                if (!test.IsSuite) events.WriteLine(WorkerProtocol.Write(new WorkerEvent("test", test.FullName, hidden)));
                foreach (var child in test.Tests) pending.Push(child);
            }
        });

    private static void RunJob(WorkerJob job, IReadOnlyList<string> testAssemblies, TextWriter events) =>
        ForEachTestAssembly(job, testAssemblies, (path, runner) => runner.Run(new Listener(events, job.OutputLimitBytes), Filter(path, job.Skip, job.Only)));

    // Loads the job's TcpKata.Exercises and each test assembly into one collectible context, hands each loaded
    // runner to the action, and unloads the context afterwards.
    private static void ForEachTestAssembly(WorkerJob job, IReadOnlyList<string> testAssemblies, Action<string, NUnitTestAssemblyRunner> action)
    {
        var context = new ExercisesContext(job.Exercises);
        try
        {
            foreach (var path in testAssemblies)
            {
                var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
                // No parallel workers, and events delivered on the test's own thread (NUnit otherwise queues them to a pump
                // thread): one test at a time, and "started" is written before its code runs, so a test that ends the
                // process or writes to its output is the one the pool blames.
                runner.Load(context.LoadFromAssemblyPath(path), new Dictionary<string, object> { ["NumberOfTestWorkers"] = 0, ["SynchronousEvents"] = true });
                action(path, runner);
            }
        }
        finally
        {
            context.Unload();
        }
    }

    // Skip the tests already settled, keep to the job's own list if it has one; in the hidden assembly, run only the hidden
    // fixtures (it also holds the visible ones).
    private static ITestFilter Filter(string assemblyPath, IReadOnlyList<string> skip, IReadOnlyList<string>? only = null)
    {
        var xml = new XmlDocument();
        var root = xml.AppendChild(xml.CreateElement("filter"))!;
        var and = root.AppendChild(xml.CreateElement("and"))!;
        if (skip.Count > 0)
        {
            var or = and.AppendChild(xml.CreateElement("not"))!.AppendChild(xml.CreateElement("or"))!;
            foreach (var test in skip) or.AppendChild(xml.CreateElement("test"))!.InnerText = test;
        }
        if (only is not null)
        {
            var or = and.AppendChild(xml.CreateElement("or"))!;
            foreach (var test in only) or.AppendChild(xml.CreateElement("test"))!.InnerText = test;
        }
        if (File.Exists(assemblyPath + ".fixtures"))
        {
            var or = and.AppendChild(xml.CreateElement("or"))!;
            foreach (var fixture in File.ReadAllLines(assemblyPath + ".fixtures")) or.AppendChild(xml.CreateElement("class"))!.InnerText = fixture;
        }
        return and.HasChildNodes ? TestFilter.FromXml(root.OuterXml) : TestFilter.Empty;
    }

    private sealed class ExercisesContext(byte[] exercises) : AssemblyLoadContext("exercises", isCollectible: true)
    {
        // The submission's TcpKata.Exercises here; the kit, NUnit and the rest are shared from the default context.
        protected override Assembly? Load(AssemblyName name) =>
            name.Name == "TcpKata.Exercises" ? LoadFromStream(new MemoryStream(exercises)) : null;
    }

    private sealed class Listener(TextWriter events, int outputLimit) : ITestListener
    {
        public void TestStarted(ITest test)
        {
            if (!test.IsSuite) Send(new WorkerEvent(WorkerEvent.Started, test.FullName));
        }

        public void TestFinished(ITestResult result)
        {
            if (result.Test.IsSuite) return;
            // Both are cut here, so that an honest event is never too long for the pool to believe (a test may throw a
            // message of millions of characters).
            var message = result.ResultState.Status == TestStatus.Passed ? "" : (result.Message ?? result.ResultState.ToString());
            Send(new WorkerEvent(WorkerEvent.Result, result.Test.FullName, result.ResultState.Status == TestStatus.Passed,
                Cut(message.Trim(), "message"), Cut(result.Output, "output"), ExplorerData(result)));
        }

        // The data of the explorer page the failing test attached, for a caller that cannot reach the worker's files (a
        // sandbox's /tmp): it draws the page again itself. Only the data travels, never the page's HTML.
        private static string? ExplorerData(ITestResult result)
        {
            if (result.ResultState.Status == TestStatus.Passed) return null;
            foreach (var attachment in result.TestAttachments)
            {
                if (!attachment.FilePath.EndsWith(".html", StringComparison.Ordinal)) continue;
                try
                {
                    var file = new FileInfo(attachment.FilePath);
                    if (file.Length > ExplorerLimitBytes) return null;
                    return Tracing.Explorer.TraceExplorerPage.DataOf(File.ReadAllText(file.FullName));
                }
                catch (IOException)
                {
                    return null;
                }
            }
            return null;
        }

        private string Cut(string text, string what) => text.Length > outputLimit
            ? text[..outputLimit] + $"{Environment.NewLine}[{what} cut at the limit of {outputLimit / 1024} KB]"
            : text;

        public void TestOutput(TestOutput output) { }

        public void SendMessage(TestMessage message) { }

        private void Send(WorkerEvent e)
        {
            events.WriteLine(WorkerProtocol.Write(e));
            events.Flush();
        }
    }
}
