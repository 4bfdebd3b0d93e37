using TcpKata.Tests.Support;

namespace TcpKata.Tests.Exercise05_ResetsAndRetries;

/// <summary>Exercise 05's packetdrill scripts (scripts/ beside this file; the linux/ ones run with lenient options).</summary>
public sealed class ResetsAndRetriesScripts
{
    private static IEnumerable<TestCaseData> Scripts() => Pkt.Scripts();

    [TestCaseSource(nameof(Scripts))]
    public void Script(string path) => Pkt.RunFile(path);
}
