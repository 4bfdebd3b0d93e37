using System.Diagnostics;
using TcpKata.Engine;
using TcpKata.Instructor.Grading;
using TcpKata.Instructor.Grading.Allowlist;
using static TcpKata.Instructor.Tests.Submissions;

namespace TcpKata.Instructor.Tests;

/// <summary>
/// The grader's allowlist: every way out of the kit that a submission might write is refused at compile time, naming
/// what was refused and where, and the refused file is graded as its stub; the exercises need nothing beyond the list.
/// </summary>
public sealed class AllowlistTests
{
    private static readonly ExerciseCompiler Compiler = SubmissionCompiler.Create(Root, Catalog);

    // Each: what the attack is, its code, and what the refusal must name (a compiler error's code, when the compiler
    // refuses it before the allowlist is asked). The code goes first in ClientHandshake.OnConnect; after "decl:", after
    // the file's namespace; after "top:", above it.
    internal static readonly (string Attack, string Code, string Names)[] Attacks =
    [
        ("reflection on a named type", """_ = typeof(System.IO.File).GetMethod("ReadAllText");""", "System.Type"),
        ("a type looked up by name", """_ = System.Type.GetType("System.IO.File");""", "System.Type"),
        ("an unbanned overload", """_ = new System.IO.StreamReader("/etc/passwd", System.Text.Encoding.UTF8);""", "System.IO.StreamReader"),
        ("a using alias", """top:using ReadAll = System.IO.File;""", "System.IO.File"),
        ("GetType on any value", """_ = c.GetType().Assembly;""", "System.Object.GetType"),
        ("dynamic", """dynamic d = c; d.Iss = 1;""", "dynamic"),
        ("an expression tree", """System.Linq.Expressions.Expression<System.Func<int>> e = () => 1;""", "System.Linq.Expressions.Expression"),
        ("a lambda turned into an expression tree by Queryable", """_ = System.Linq.Queryable.AsQueryable(new[] { 1 }).Where(x => x > 0);""", "System.Linq.Queryable"),
        ("the console", """System.Console.WriteLine("{\"kind\":\"result\"}");""", "System.Console"),
        ("Environment.Exit", """System.Environment.Exit(0);""", "System.Environment"),
        ("the stack trace", """if (System.Environment.StackTrace.Contains("Isn")) return;""", "System.Environment"),
        ("an exception's stack trace", """if (new System.Exception().StackTrace is null) return;""", "System.Exception.StackTrace"),
        ("a stack trace object", """_ = new System.Diagnostics.StackTrace();""", "System.Diagnostics.StackTrace"),
        ("AppContext", """System.AppContext.SetSwitch("x", true);""", "System.AppContext"),
        ("the GC", """System.GC.Collect();""", "System.GC"),
        ("a thread of its own", """new System.Threading.Thread(() => { }).Start();""", "System.Threading.Thread"),
        ("the thread pool", """System.Threading.ThreadPool.QueueUserWorkItem(_ => { });""", "System.Threading.ThreadPool"),
        ("Task.Run", """_ = System.Threading.Tasks.Task.Run(() => { });""", "System.Threading.Tasks.Task.Run"),
        ("a timer", """_ = new System.Threading.Timer(_ => { });""", "System.Threading.Timer"),
        ("parallel LINQ", """_ = new[] { 1 }.AsParallel().Sum();""", "System.Linq.ParallelEnumerable"),
        ("a process", """System.Diagnostics.Process.Start("id");""", "System.Diagnostics.Process"),
        ("a socket of its own", """_ = new System.Net.Sockets.TcpClient();""", "System.Net.Sockets.TcpClient"),
        ("Marshal", """_ = System.Runtime.InteropServices.Marshal.AllocHGlobal(1 << 30);""", "System.Runtime.InteropServices.Marshal"),
        ("NativeLibrary", """_ = System.Runtime.InteropServices.NativeLibrary.Load("libc.so.6");""", "System.Runtime.InteropServices.NativeLibrary"),
        ("MemoryMarshal", """_ = System.Runtime.InteropServices.MemoryMarshal.AsBytes(new System.Span<int>(new int[1]));""", "System.Runtime.InteropServices.MemoryMarshal"),
        ("Unsafe", """_ = System.Runtime.CompilerServices.Unsafe.SizeOf<int>();""", "System.Runtime.CompilerServices.Unsafe"),
        ("Activator", """_ = System.Activator.CreateInstance<object>();""", "System.Activator"),
        ("a delegate's method", """System.Action a = () => { }; _ = a.Method;""", "System.Delegate"),
        ("an assembly by name", """_ = System.Reflection.Assembly.Load("TcpKata.Exercises");""", "System.Reflection.Assembly"),
        ("undocumented keywords", """int x = 0; _ = __makeref(x);""", "an undocumented keyword"),
        ("unsafe code", """unsafe { int x = 0; int* p = &x; }""", "CS0227: Unsafe code may only appear if compiling with /unsafe"),
        ("DllImport", """decl:namespace TcpKata.Exercises { public static class Libc { [System.Runtime.InteropServices.DllImport("libc")] public static extern int system(string command); } }""", "extern (native code)"),
        ("a finalizer", """decl:namespace TcpKata.Exercises { class Lingering { ~Lingering() { } } }""", "a finalizer"),
        ("a module initializer", """decl:namespace TcpKata.Exercises { static class Early { [System.Runtime.CompilerServices.ModuleInitializer] internal static void Run() { } } }""", "System.Runtime.CompilerServices.ModuleInitializerAttribute"),
        ("a polyfilled attribute in System", """decl:namespace System.Runtime.CompilerServices { class ModuleInitializerAttribute : System.Attribute { } }""", "namespace System.Runtime.CompilerServices"),
        ("an assembly attribute", """top:[assembly: System.Reflection.AssemblyMetadata("a", "b")]""", "an assembly or module attribute"),
        ("the kit's script files", """_ = TcpKata.Scripts.PktParser.ParseFile("/etc/passwd");""", "TcpKata.Scripts.PktParser"),
        ("a file in another namespace", """decl:namespace Other { static class Snoop { public static string Read() => System.IO.File.ReadAllText("/etc/passwd"); } }""", "System.IO.File"),
    ];

    private static IEnumerable<TestCaseData> AttackCases() => Attacks.Select(a => new TestCaseData(a.Code, a.Names).SetArgDisplayNames(a.Attack));

    [TestCaseSource(nameof(AttackCases))]
    public void Submission_ReachingOutsideTheAllowlist_IsRefusedNamingWhatAndWhere(string code, string names)
    {
        var compiled = Compiler.Compile(WithAttack(code));
        var byCompiler = System.Text.RegularExpressions.Regex.Match(names, @"^CS\d+").Value;
        Assert.Multiple(() =>
        {
            Assert.That(compiled["01-client-handshake"].Status, Is.EqualTo(byCompiler.Length > 0 ? CompileStatus.CompileError : CompileStatus.Refused),
                string.Join(Environment.NewLine, compiled["01-client-handshake"].Messages));
            Assert.That(compiled["01-client-handshake"].Messages,
                Has.Some.Match($@"^exercises/01-client-handshake/ClientHandshake\.cs\(\d+,\d+\): error {(byCompiler.Length > 0 ? byCompiler : "GRADE001")}: ").And.Some.Contains(names));
            Assert.That(compiled.Exercises.Where(e => e.Slug != "01-client-handshake").Select(e => e.Status), Has.All.EqualTo(CompileStatus.Compiled));
        });
    }

    [Test]
    public void TheAttacksCoverEveryClassTheIssueNames() => Assert.That(Attacks, Has.Length.GreaterThanOrEqualTo(35));

    [Test]
    public void Stubs_Compiled_RaiseNoFinding() =>
        Assert.That(Compiler.CompileStubs().Exercises.SelectMany(e => e.Findings).Select(f => f.ToString()), Is.Empty);

    [Test]
    public void Submission_UsingWhatTheExercisesNeed_IsNotRefused()
    {
        // Collections, LINQ, spans, strings, maths, tuples, records, local functions, pattern matching, async.
        var compiled = Compiler.Compile(WithAttack("""
            var seen = new Dictionary<uint, List<(int Index, string Name)>> { [1] = [(1, "a")] };
            var total = seen.Values.SelectMany(v => v).Where(v => v.Index > 0).Sum(v => v.Name.Length) + Math.Max(1, 2);
            Span<byte> bytes = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)total);
            var text = $"{total:x8} {string.Join(",", bytes.ToArray())}".AsSpan().Trim().ToString();
            static int Twice(int n) => n * 2;
            if (text is { Length: > 0 } && Twice(total) > 0 && c.State is TcpState.Closed or TcpState.Listen) { }
            """));
        Assert.That(compiled["01-client-handshake"].Status, Is.EqualTo(CompileStatus.Compiled), string.Join(Environment.NewLine, compiled["01-client-handshake"].Messages));
    }

    [Test]
    public void Submission_CompileBomb_IsStoppedAtTheTimeLimitAndCostsItsExerciseOnly()
    {
        // Nested generic types whose names the compiler expands exponentially: a few hundred bytes, hours of binding.
        var bomb = SolutionsWith("bomb", PassiveClose, s => s + """

            class C<A, B, D, E, F, G> { class I : C<I, I, I, I, I, I> { I.I.I.I.I.I.I i; } }
            """);
        var clock = Stopwatch.StartNew();
        var compiled = Compiler.Compile(bomb.Files, TimeSpan.FromSeconds(2));
        Assert.Multiple(() =>
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "the time limit holds: at most the whole, each file alone, and the rest");
            Assert.That(compiled["03-passive-close"].Status, Is.EqualTo(CompileStatus.Refused));
            Assert.That(compiled["03-passive-close"].Messages, Has.Some.Contains("took more than 2 s"));
            Assert.That(compiled.Exercises.Where(e => e.Slug != "03-passive-close").Select(e => e.Status), Has.All.EqualTo(CompileStatus.Compiled));
        });
    }

    [Test]
    public void AllowlistLine_Malformed_IsAnErrorNamingTheLine() =>
        Assert.That(() => ApiAllowlist.Parse("namespace System\nallow System.IO.File\n", "list.txt"),
            Throws.TypeOf<FormatException>().With.Message.StartsWith("list.txt:2: "));

    internal static Submission WithAttack(string code) => SolutionsWith("attacker", ClientHandshake, s =>
    {
        // A block namespace, so that other namespaces may follow it.
        var file = s.Replace("namespace TcpKata.Exercises;", "namespace TcpKata.Exercises {") + Environment.NewLine + "}" + Environment.NewLine;
        if (code.StartsWith("decl:", StringComparison.Ordinal)) return file + code["decl:".Length..];
        if (code.StartsWith("top:", StringComparison.Ordinal)) return file.Replace("namespace TcpKata.Exercises {", code["top:".Length..] + Environment.NewLine + "namespace TcpKata.Exercises {");
        var at = file.IndexOf("{", file.IndexOf(" OnConnect(", StringComparison.Ordinal), StringComparison.Ordinal) + 1;
        return file[..at] + Environment.NewLine + code + file[at..];
    });
}
