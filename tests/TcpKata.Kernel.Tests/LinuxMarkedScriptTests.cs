using TcpKata.Scripts;
using TcpKata.Testing;

namespace TcpKata.Kernel.Tests;

/// <summary>
/// Every script the repository marks as Linux behaviour (a linux/ folder: exercises' scripts written as Linux's suite
/// writes them, and the Linux profile's) runs on this machine's kernel and must pass there, so that what the kit says
/// about Linux is asked of Linux on every CI run. The kernel and the settings are printed with each result.
/// </summary>
public sealed class LinuxMarkedScriptTests
{
    public static IEnumerable<TestCaseData> Scripts() =>
        Directory.EnumerateDirectories(Path.Combine(Repository.Root, "tests"), "linux", SearchOption.AllDirectories)
            .Where(dir => !dir.Split(Path.DirectorySeparatorChar).Intersect(["bin", "obj"]).Any())
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*.pkt"))
            .Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetRelativePath(Repository.Root, path)).SetArgDisplayNames(Path.GetRelativePath(Repository.Root, path)));

    [Test]
    public void LinuxMarkedScripts_AreFound_InEveryPlaceTheyAreKept()
    {
        var found = Scripts().Select(c => (string)c.Arguments[0]!).ToList();
        Assert.That(found, Has.Some.StartsWith("tests/TcpKata.Tests/").And.Some.StartsWith("tests/TcpKata.Kit.Tests/Profiles/linux/"));
    }

    [TestCaseSource(nameof(Scripts))]
    public void LinuxMarkedScript_OnThisKernel_Passes(string path)
    {
        KernelRequirement.Check();
        var result = KernelPktRunner.Run(PktParser.ParseFile(Path.Combine(Repository.Root, path)));
        var setup = KernelSettings.Probe(KernelSettings.Defaults);
        TestContext.Out.WriteLine($"{PrivateNetwork.KernelVersion}; settings: {string.Join(" ", setup.Applied.Select(s => $"{s.Key}={s.Value}"))}");
        foreach (var note in setup.Refused.Concat(result.Notes)) TestContext.Out.WriteLine(note);
    }
}
