using TcpKata.Scenarios;
using TcpKata.Tests.Support;

namespace TcpKata.Tests.Exercise07_ShortVsLong;

/// <summary>
/// Exercise 07: the same workload with short connections and with one long connection. The tests check
/// properties of each way (handshakes, TIME_WAITs, answers), not numbers copied from a run.
/// </summary>
public sealed class ShortVsLongTests
{
    private const int Requests = 20;

    private static ConnectionMetrics Short() =>
        ConnectionComparison.Measure("short", Implementation.Handlers(), Requests, new global::TcpKata.Exercises.RequestClient().RunShortAsync);

    private static ConnectionMetrics Long() =>
        ConnectionComparison.Measure("long", Implementation.Handlers(), Requests, new global::TcpKata.Exercises.RequestClient().RunLongAsync);

    [Test]
    public void ShortConnections_AnswerEveryRequest_WithOneHandshakeAndOneTimeWaitEach()
    {
        var m = Short();
        Assert.Multiple(() =>
        {
            Assert.That(m.ResponsesReceived, Is.EqualTo(Requests), "read each whole response (1000 bytes may take several receives)");
            Assert.That(m.Handshakes, Is.EqualTo(Requests), "one connection, so one handshake, per request");
            Assert.That(m.PeakTimeWait, Is.EqualTo(Requests),
                "the client closes each connection first, so each waits 2 x MSL in TIME_WAIT, and the requests take far less than 60 s");
        });
    }

    [Test]
    public void LongConnection_AnswersEveryRequest_WithOneHandshakeAndOneTimeWait()
    {
        var m = Long();
        Assert.Multiple(() =>
        {
            Assert.That(m.ResponsesReceived, Is.EqualTo(Requests));
            Assert.That(m.Handshakes, Is.EqualTo(1), "connect once, reuse the connection for every request");
            Assert.That(m.PeakTimeWait, Is.EqualTo(1), "close once, at the end");
        });
    }

    [Test]
    public void LongConnection_CostsFewerSegmentsHeaderBytesAndRoundTrips()
    {
        var (s, l) = (Short(), Long());
        Assert.Multiple(() =>
        {
            Assert.That(l.Segments, Is.LessThan(s.Segments), "no SYN, SYN+ACK, ACK and FIN/ACK pairs per request");
            Assert.That(l.HeaderBytes, Is.LessThan(s.HeaderBytes));
            Assert.That(l.RoundTrips, Is.LessThan(s.RoundTrips), "each short request pays a handshake round trip first");
            Assert.That(l.CompletionSeconds, Is.LessThan(s.CompletionSeconds));
        });
    }
}
