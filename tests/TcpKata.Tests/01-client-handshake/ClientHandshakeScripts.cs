using TcpKata.Tests.Support;

namespace TcpKata.Tests.Exercise01_ClientHandshake;

/// <summary>Exercise 01's packetdrill scripts (scripts/ beside this file; the linux/ ones run with lenient options).</summary>
public sealed class ClientHandshakeScripts
{
    private static IEnumerable<TestCaseData> Scripts() => Pkt.Scripts();

    [TestCaseSource(nameof(Scripts))]
    public void Script(string path) => Pkt.RunFile(path);
}
