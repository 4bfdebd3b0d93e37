using TcpKata.Tests.Support;

namespace TcpKata.Tests.Exercise04;

/// <summary>Exercise 04's packetdrill scripts (ActiveClose/scripts; the linux/ ones run with lenient options).</summary>
public sealed class ActiveCloseScripts
{
    private static IEnumerable<TestCaseData> Scripts() => Pkt.Scripts("ActiveClose");

    [TestCaseSource(nameof(Scripts))]
    public void Script(string path) => Pkt.RunFile(path);
}
