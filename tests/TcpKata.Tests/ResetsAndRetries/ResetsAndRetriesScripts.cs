using TcpKata.Tests.Support;

namespace TcpKata.Tests.Exercise05;

/// <summary>Exercise 05's packetdrill scripts (ResetsAndRetries/scripts; the linux/ ones run with lenient options).</summary>
public sealed class ResetsAndRetriesScripts
{
    private static IEnumerable<TestCaseData> Scripts() => Pkt.Scripts("ResetsAndRetries");

    [TestCaseSource(nameof(Scripts))]
    public void Script(string path) => Pkt.RunFile(path);
}
