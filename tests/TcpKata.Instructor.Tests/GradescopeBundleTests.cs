using System.IO.Compression;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using TcpKata.Instructor.Grading;
using TcpKata.Engine;
using static TcpKata.Instructor.Tests.Submissions;

namespace TcpKata.Instructor.Tests;

/// <summary>
/// The Gradescope bundle, run as Gradescope runs it, against a fake /autograder tree (AUTOGRADER_ROOT): unzip
/// into source/, setup.sh once (the SDK is already here, so it only builds the grader), run_autograder per
/// submission, results/results.json read back.
/// </summary>
[NonParallelizable]
public sealed class GradescopeBundleTests
{
    private string _autograder = "";

    [OneTimeSetUp]
    public async Task UnpackAndSetUp()
    {
        _autograder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tcpkata-autograder-" + Guid.NewGuid().ToString("N"))).FullName;
        var hidden = Directory.CreateDirectory(Path.Combine(_autograder, "hidden-input")).FullName;
        File.WriteAllText(Path.Combine(hidden, "EchoServerHiddenTests.cs"), """
            namespace TcpKata.Tests.Exercise06_EchoServer;

            public sealed class EchoServerHiddenTests
            {
                [Test]
                public void TheEchoServerHasAPublicConstructor() => Assert.That(new TcpKata.Exercises.EchoServer(), Is.Not.Null);
            }
            """);
        var zip = Path.Combine(_autograder, "autograder.zip");
        Assert.That(GradescopeBundle.Write(Root, zip, hidden), Is.GreaterThan(100));
        using (var archive = ZipFile.OpenRead(zip))
            Assert.That(archive.GetEntry("run_autograder")!.ExternalAttributes >> 16 & 0b001_001_001, Is.EqualTo(0b001_001_001), "run_autograder is executable");
        ZipFile.ExtractToDirectory(zip, Path.Combine(_autograder, "source"));
        var setup = await Bash("source/setup.sh");
        Assert.That(setup.ExitCode, Is.EqualTo(0), setup.StandardOutput + setup.StandardError);
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_autograder, recursive: true);

    private Task<BufferedCommandResult> Bash(string script) =>
        CliWrap.Cli.Wrap("bash").WithArguments([Path.Combine(_autograder, script)])
            .WithEnvironmentVariables(e => e.Set("AUTOGRADER_ROOT", _autograder))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

    private async Task<JsonElement> Grade(Submission submission)
    {
        var folder = Path.Combine(_autograder, "submission");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        foreach (var (path, text) in submission.Files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, path))!);
            File.WriteAllText(Path.Combine(folder, path), text);
        }
        var run = await Bash("source/run_autograder");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.StandardOutput + run.StandardError);
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(_autograder, "results", "results.json"))).RootElement.Clone();
    }

    [Test]
    public async Task ACorrectSubmissionGetsFullMarksWithTheHiddenTestAfterPublishing()
    {
        var results = await Grade(Of("student", Solutions()));
        var hidden = results.GetProperty("tests").EnumerateArray().Where(t => t.GetProperty("name").GetString()!.Contains("HiddenTests")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(results.GetProperty("score").GetDouble(), Is.EqualTo(100));
            Assert.That(hidden, Has.Count.EqualTo(1));
            Assert.That(hidden[0].GetProperty("visibility").GetString(), Is.EqualTo("after_published"));
        });
    }

    [Test]
    public async Task ABrokenSubmissionGetsPartialCreditAndItsMessages()
    {
        var results = await Grade(SolutionsWith("student", ClientHandshake, s => s.Replace("c.RcvNxt = seg.Seq + 1;", "c.RcvNxt = seg.Seq;")));
        Assert.Multiple(() =>
        {
            Assert.That(results.GetProperty("score").GetDouble(), Is.InRange(1, 99));
            Assert.That(results.GetProperty("tests").EnumerateArray().Where(t => t.GetProperty("status").GetString() == "failed")
                .Select(t => t.GetProperty("output").GetString()), Has.Some.Contains("handler contract: ClientHandshake.OnSegmentInSynSent left RCV.NXT"));
        });
    }
}
