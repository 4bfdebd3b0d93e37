using System.Buffers.Binary;
using PacketDotNet;
using TcpKata.Scenarios;
using TcpKata.Tracing;

namespace TcpKata.Kit.Tests;

/// <summary>The pcap export, read back with PacketDotNet (an independent decoder) and compared field by field with the trace.</summary>
public sealed class PcapWriterTests
{
    private static List<(long Micros, byte[] Packet)> Records(byte[] file)
    {
        Assert.Multiple(() =>
        {
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file), Is.EqualTo(0xA1B2C3D4), "classic libpcap, microseconds");
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20)), Is.EqualTo(101), "LINKTYPE_RAW");
        });
        var records = new List<(long, byte[])>();
        for (var at = 24; at < file.Length;)
        {
            var seconds = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at));
            var micros = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4));
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8));
            records.Add((seconds * 1_000_000L + micros, file.AsSpan(at + 16, length).ToArray()));
            at += 16 + length;
        }
        return records;
    }

    [TestCase("close")]
    [TestCase("lossy")]
    [TestCase("refused")]
    public void EverySentSegmentDecodesToTheSameFields(string scenario)
    {
        var sim = ScenarioCatalog.Find(scenario)!.Run(Reference.Handlers());
        var sent = sim.Trace.Events.Where(e => e.Kind == TraceKind.Sent).ToList();
        var records = Records(PcapWriter.Write(sim.Trace));
        Assert.That(records, Has.Count.EqualTo(sent.Count));
        for (var i = 0; i < sent.Count; i++)
        {
            var s = sent[i].Segment;
            var ip = (IPv4Packet)Packet.ParsePacket(LinkLayers.Raw, records[i].Packet).Extract<IPPacket>();
            var tcp = ip.Extract<TcpPacket>();
            Assert.Multiple(() =>
            {
                Assert.That(records[i].Micros, Is.EqualTo(sent[i].Time.Ticks / 10), "timestamp = virtual time");
                Assert.That(ip.ValidIPChecksum, "IPv4 header checksum");
                Assert.That(tcp.ValidTcpChecksum, "TCP checksum over the pseudo-header");
                Assert.That(ip.SourceAddress.ToString(), Is.EqualTo(Endpoint.FormatAddress(s.Source.Address)));
                Assert.That(ip.DestinationAddress.ToString(), Is.EqualTo(Endpoint.FormatAddress(s.Destination.Address)));
                Assert.That((tcp.SourcePort, tcp.DestinationPort), Is.EqualTo((s.Source.Port, s.Destination.Port)));
                Assert.That(tcp.SequenceNumber, Is.EqualTo(s.Seq.Value));
                Assert.That(tcp.AcknowledgmentNumber, Is.EqualTo(s.IsAck ? s.Ack.Value : 0u));
                Assert.That((tcp.Synchronize, tcp.Acknowledgment, tcp.Finished, tcp.Reset, tcp.Push), Is.EqualTo((s.IsSyn, s.IsAck, s.IsFin, s.IsRst, (s.Flags & TcpFlags.Psh) != 0)));
                Assert.That(tcp.WindowSize, Is.EqualTo(s.Window));
                Assert.That(tcp.PayloadData ?? [], Is.EqualTo(s.Payload.ToArray()));
                if (s.Mss != 0)
                {
                    var mss = tcp.OptionsCollection.OfType<PacketDotNet.Tcp.MaximumSegmentSizeOption>().Single();
                    Assert.That(mss.Value, Is.EqualTo(s.Mss));
                }
            });
        }
    }
}
