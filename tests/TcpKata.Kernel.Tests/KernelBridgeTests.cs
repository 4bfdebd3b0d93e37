using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TcpKata.Kernel.Tests;

/// <summary>
/// The bridge to this machine's Linux TCP: packets encoded as a wire carries them, a private namespace with a TUN device,
/// and a real handshake, data and close with the kernel through it.
/// </summary>
public sealed class KernelBridgeTests
{
    private static readonly Endpoint Local = new(Endpoint.ParseAddress(PrivateNetwork.LocalAddress), 8080);
    private static readonly Endpoint Peer = new(Endpoint.ParseAddress(PrivateNetwork.RemoteAddress), 40000);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Test]
    public void Packet_EncodedThenDecoded_IsTheSameSegmentAndOptions()
    {
        var options = new List<TcpOption> { new(TcpOption.Mss, [0x05, 0xB4]), new(TcpOption.Nop, []), new(TcpOption.WindowScale, [7]) };
        var packet = new TcpPacket(new Segment(Peer, Local, 1000, 77, TcpFlags.Syn | TcpFlags.Ack, 29200, 1460, "hi"u8.ToArray()), options);
        var decoded = TcpPacket.Decode(packet.Encode())!;
        Assert.Multiple(() =>
        {
            Assert.That((decoded.Segment.Source, decoded.Segment.Destination, decoded.Segment.Seq.Value, decoded.Segment.Ack.Value, decoded.Segment.Flags),
                Is.EqualTo((Peer, Local, 1000u, 77u, TcpFlags.Syn | TcpFlags.Ack)));
            Assert.That((decoded.Segment.Window, decoded.Segment.Mss, Encoding.ASCII.GetString(decoded.Segment.Payload.Span)), Is.EqualTo(((ushort)29200, (ushort)1460, "hi")));
            Assert.That(decoded.Options.Select(o => o.ToString()), Is.EqualTo(new[] { "mss 1460", "nop", "wscale 7" }));
        });
    }

    [Test]
    public void Packet_WithABadChecksum_IsNotDecoded()
    {
        var bytes = new TcpPacket(new Segment(Peer, Local, 1, 0, TcpFlags.Syn, 65535), []).Encode();
        bytes[^1] ^= 0xFF;
        Assert.That(TcpPacket.Decode(bytes), Is.Null);
    }

    [Test]
    public void Kernel_SynToAListeningSocket_AnswersThroughTheTunAndCompletesTheHandshake()
    {
        KernelRequirement.Check();
        using var network = PrivateNetwork.Create();
        var listener = network.Inside(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(PrivateNetwork.LocalAddress), Local.Port));
            socket.Listen(1);
            return socket;
        });
        network.Inject(new TcpPacket(new Segment(Peer, Local, 1000, 0, TcpFlags.Syn, 65535, 1460), [new TcpOption(TcpOption.Mss, [0x05, 0xB4])]));
        var synAck = Capture(network);
        network.Inject(new TcpPacket(new Segment(Peer, Local, 1001, synAck.Segment.Seq + 1, TcpFlags.Ack, 65535), []));
        var accepting = Task.Run(listener.Accept);
        Assert.That(accepting.Wait(Patience), "accept() returned");
        using var connection = accepting.Result;
        connection.Send("hello"u8);
        var data = Capture(network);
        Assert.Multiple(() =>
        {
            Assert.That(synAck.Segment.Flags, Is.EqualTo(TcpFlags.Syn | TcpFlags.Ack));
            Assert.That(synAck.Segment.Ack.Value, Is.EqualTo(1001u), "the kernel acknowledges the SYN with SEG.SEQ + 1");
            Assert.That(synAck.Segment.Mss, Is.GreaterThan(0), "and announces its MSS");
            Assert.That(connection.RemoteEndPoint, Is.EqualTo(new IPEndPoint(IPAddress.Parse(PrivateNetwork.RemoteAddress), Peer.Port)));
            Assert.That(Encoding.ASCII.GetString(data.Segment.Payload.Span), Is.EqualTo("hello"));
            Assert.That(data.Segment.Seq, Is.EqualTo(synAck.Segment.Seq + 1));
        });
        listener.Dispose();
    }

    private static TcpPacket Capture(PrivateNetwork network)
    {
        var capture = Task.Run(network.Capture);
        Assert.That(capture.Wait(Patience), "the kernel sent a segment through the TUN device");
        return capture.Result;
    }
}
