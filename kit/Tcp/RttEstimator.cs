namespace TcpKata;

/// <summary>The smoothed round-trip time and RTO of RFC 6298 §2, fed only with samples Karn's algorithm allows.</summary>
internal sealed class RttEstimator
{
    private const double Alpha = 1.0 / 8, Beta = 1.0 / 4;
    private const int K = 4;

    public TimeSpan? Srtt { get; private set; }
    public TimeSpan RttVar { get; private set; }

    /// <summary>Takes a measurement R and returns the new RTO, before clamping: SRTT + max(G, K*RTTVAR), G being
    /// <paramref name="floor"/> (0 for RFC 6298's formula with a negligible clock granularity; Linux adds its 200 ms RTO floor here).</summary>
    public TimeSpan Sample(TimeSpan r, TimeSpan floor)
    {
        if (Srtt is not { } srtt)
        {
            // RFC 6298 (2.2): SRTT <- R, RTTVAR <- R/2, RTO <- SRTT + max (G, K*RTTVAR)
            Srtt = r;
            RttVar = r / 2;
        }
        else
        {
            // RFC 6298 (2.3): RTTVAR <- (1 - beta) * RTTVAR + beta * |SRTT - R'|; SRTT <- (1 - alpha) * SRTT + alpha * R'
            RttVar = (1 - Beta) * RttVar + Beta * (srtt - r).Duration();
            Srtt = (1 - Alpha) * srtt + Alpha * r;
        }
        return Srtt.Value + (K * RttVar > floor ? K * RttVar : floor);
    }
}
