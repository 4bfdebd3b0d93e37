using TcpKata.Tests.Support;

namespace TcpKata.Tests.Exercise02;

/// <summary>Exercise 02's packetdrill scripts (ServerHandshake/scripts; the linux/ ones run with lenient options).</summary>
public sealed class ServerHandshakeScripts
{
    private static IEnumerable<TestCaseData> Scripts() => Pkt.Scripts("ServerHandshake");

    [TestCaseSource(nameof(Scripts))]
    public void Script(string path) => Pkt.RunFile(path);
}
