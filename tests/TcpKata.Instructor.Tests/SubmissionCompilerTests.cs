using System.Runtime.Loader;
using TcpKata.Instructor.Grading;
using TcpKata.Engine;
using static TcpKata.Instructor.Tests.Submissions;

namespace TcpKata.Instructor.Tests;

/// <summary>Compiling submissions in memory: one broken exercise costs that exercise only.</summary>
public sealed class SubmissionCompilerTests
{
    private static readonly ExerciseCompiler Compiler = SubmissionCompiler.Create(Root, Catalog);

    [Test]
    public void TheReferenceSolutionsCompileWithNoFindings()
    {
        var compiled = Compiler.Compile(Of("reference", Solutions()));
        var context = new AssemblyLoadContext("reference", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(compiled.Assembly));
            Assert.Multiple(() =>
            {
                Assert.That(compiled.Exercises.Where(e => e.Status != CompileStatus.Compiled).SelectMany(e => e.Messages.Prepend($"{e.Slug}: {e.Status}")), Is.Empty);
                Assert.That(compiled.Exercises.SelectMany(e => e.Findings), Is.Empty);
                Assert.That(assembly.GetName().Name, Is.EqualTo("TcpKata.Exercises"));
                Assert.That(assembly.GetType("TcpKata.Exercises.EchoServer"), Is.Not.Null);
            });
        }
        finally
        {
            context.Unload();
        }
    }

    [Test]
    public void AnEmptySubmissionIsTheStubsNotSubmitted()
    {
        var compiled = Compiler.Compile(Of("nobody", []));
        Assert.That(compiled.Exercises.Select(e => e.Status), Has.All.EqualTo(CompileStatus.NotSubmitted));
    }

    [Test]
    public void ACompileErrorZeroesThatExerciseOnlyAndSaysWhere()
    {
        var compiled = Compiler.Compile(SolutionsWith("typo", PassiveClose, s => s.Replace("c.State = TcpState.CloseWait;", "c.State = TcpState.CloseWait")));
        Assert.Multiple(() =>
        {
            Assert.That(compiled["03-passive-close"].Status, Is.EqualTo(CompileStatus.CompileError));
            Assert.That(compiled["03-passive-close"].Messages, Has.Some.Match(@"^exercises/03-passive-close/PassiveClose\.cs\(\d+,\d+\): error CS1002: ; expected"));
            Assert.That(compiled.Exercises.Where(e => e.Slug != "03-passive-close").Select(e => e.Status), Has.All.EqualTo(CompileStatus.Compiled));
        });
    }

    [Test]
    public void SleepingOnTheWallClockIsRefusedAtCompileTime()
    {
        var compiled = Compiler.Compile(SolutionsWith("sleeper", EchoServer, s => s.Replace("var buffer = new byte[4096];", "var buffer = new byte[4096]; Thread.Sleep(10);")));
        Assert.Multiple(() =>
        {
            Assert.That(compiled["06-echo-server"].Status, Is.EqualTo(CompileStatus.Refused));
            Assert.That(compiled["06-echo-server"].Messages, Has.Some.Contains("TCPK006").And.Contains("Thread.Sleep"));
            Assert.That(compiled["01-client-handshake"].Status, Is.EqualTo(CompileStatus.Compiled));
        });
    }

    [Test]
    public void ReadingAnotherStudentsFilesIsRefusedAtCompileTime()
    {
        var compiled = Compiler.Compile(SolutionsWith("snoop", ClientHandshake,
            s => s.Replace("c.Iss = c.NewIsn();", "c.Iss = c.NewIsn(); _ = File.ReadAllText(\"../alice/exercises/01-client-handshake/ClientHandshake.cs\");")));
        Assert.Multiple(() =>
        {
            Assert.That(compiled["01-client-handshake"].Status, Is.EqualTo(CompileStatus.Refused));
            Assert.That(compiled["01-client-handshake"].Messages, Has.Some.Contains("System.IO.File is not allowed").And.Contains("ClientHandshake.cs(12,"));
        });
    }

    [Test]
    public void ARealSocketIsRefusedAtCompileTime()
    {
        var compiled = Compiler.Compile(SolutionsWith("escaper", EchoServer, s => s.Replace("var buffer = new byte[4096];",
            "var buffer = new byte[4096]; using var real = new System.Net.Sockets.TcpClient(\"example.com\", 80);")));
        Assert.Multiple(() =>
        {
            Assert.That(compiled["06-echo-server"].Status, Is.EqualTo(CompileStatus.Refused));
            Assert.That(compiled["06-echo-server"].Messages, Has.Some.Contains("new TcpClient").And.Contains("real sockets"));
        });
    }

    [Test]
    public void AConnectionLeftInCloseWaitIsAFindingNotARefusal()
    {
        var compiled = Compiler.Compile(SolutionsWith("leaky", EchoServer, s => s.Replace("using var socket = connection;", "var socket = connection;")));
        Assert.Multiple(() =>
        {
            Assert.That(compiled["06-echo-server"].Status, Is.EqualTo(CompileStatus.Compiled));
            Assert.That(compiled["06-echo-server"].Findings.Select(f => f.Id), Has.Member("TCPK001"));
        });
    }
}
