using TcpKata.Tests.Support;

namespace TcpKata.Tests.Exercise03;

/// <summary>Exercise 03's packetdrill scripts (PassiveClose/scripts; the linux/ ones run with lenient options).</summary>
public sealed class PassiveCloseScripts
{
    private static IEnumerable<TestCaseData> Scripts() => Pkt.Scripts("PassiveClose");

    [TestCaseSource(nameof(Scripts))]
    public void Script(string path) => Pkt.RunFile(path);
}
