using TcpKata.Engine;

namespace TcpKata.Scripts;

/// <summary>The far end of a packetdrill script: injects the script's inbound segments and captures what the local host sends.</summary>
internal sealed class ScriptedPeer(string name, uint address) : INetworkNode
{
    public string Name { get; } = name;
    public uint Address { get; } = address;
    public Queue<(TimeSpan Time, Segment Segment)> Captured { get; } = new();
    public Func<TimeSpan> Clock { get; init; } = () => TimeSpan.Zero;

    public void Receive(in Segment segment) => Captured.Enqueue((Clock(), segment));
}
