using TcpKata.Tests.Support;

namespace TcpKata.Tests.Exercise01;

/// <summary>Exercise 01's packetdrill scripts (ClientHandshake/scripts; the linux/ ones run with lenient options).</summary>
public sealed class ClientHandshakeScripts
{
    private static IEnumerable<TestCaseData> Scripts() => Pkt.Scripts("ClientHandshake");

    [TestCaseSource(nameof(Scripts))]
    public void Script(string path) => Pkt.RunFile(path);
}
