using System.Diagnostics;
using TcpKata.Engine;
using static TcpKata.Instructor.Tests.Submissions;

namespace TcpKata.Instructor.Tests;

/// <summary>Compiling in processes of their own: a compile that never checks for cancellation is killed at the limit,
/// and costs only its own exercise; the process after it compiles as before.</summary>
[NonParallelizable]
public sealed class CompilerProcessesTests
{
    [Test]
    public async Task CompileBomb_NeverCancelled_IsKilledAtTheLimitAndCostsItsExerciseOnly()
    {
        // Deep enough that Roslyn binds for hours without once looking at its cancellation token.
        var bomb = SolutionsWith("bomb", PassiveClose, s => s + Environment.NewLine
            + "class C<A, B, D, E, F, G> { class I : C<I, I, I, I, I, I> { I.I.I.I.I.I.I.I.I.I.I.I i; } }" + Environment.NewLine);
        using var compilers = new CompilerProcesses(Instructor.CompilerHost, ["--root", Root.FullName], [], NoSandbox.Instance, memoryMegabytes: 1024);
        var clock = Stopwatch.StartNew();
        var compiled = await compilers.CompileAsync(bomb.Files, TimeSpan.FromSeconds(3));
        var elapsed = clock.Elapsed;
        var after = await compilers.CompileAsync(Solutions(), TimeSpan.FromSeconds(30));
        Assert.Multiple(() =>
        {
            Assert.That(compiled["03-passive-close"].Status, Is.EqualTo(CompileStatus.Refused));
            Assert.That(compiled["03-passive-close"].Messages, Has.Some.Contains("took more than 3 s"));
            Assert.That(compiled.Exercises.Where(e => e.Slug != "03-passive-close").Select(e => e.Status), Has.All.EqualTo(CompileStatus.Compiled));
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(90)), "the whole, the file alone (each killed at 3 s), the rest, and two fresh compilers");
            Assert.That(after.Exercises.Select(e => e.Status), Has.All.EqualTo(CompileStatus.Compiled), "a fresh compiler took over");
        });
    }

    [Test]
    public async Task Findings_CrossTheProcess_AsTheyWere()
    {
        var leaky = SolutionsWith("leaky", EchoServer, s => s.Replace("using var socket = connection;", "var socket = connection;"));
        using var compilers = new CompilerProcesses(Instructor.CompilerHost, ["--root", Root.FullName], [], NoSandbox.Instance, memoryMegabytes: 1024);
        var here = Grading.SubmissionCompiler.Create(Root, Catalog).Compile(leaky.Files);
        var there = await compilers.CompileAsync(leaky.Files, TimeSpan.FromSeconds(30));
        Assert.Multiple(() =>
        {
            Assert.That(there.Exercises.SelectMany(e => e.Findings), Is.EqualTo(here.Exercises.SelectMany(e => e.Findings)));
            Assert.That(there.Exercises.SelectMany(e => e.Findings).Select(f => f.Id), Has.Member("TCPK001"));
            Assert.That(there.Assembly, Is.EqualTo(here.Assembly), "a deterministic compile: the same bytes");
        });
    }
}
