namespace TcpKata.Engine;

/// <summary>
/// How one direction of a link treats segments. Every random choice is drawn from the simulation's
/// seeded generator, so a seed replays the same losses, duplicates and reorderings.
/// </summary>
public sealed record LinkOptions
{
    /// <summary>One-way propagation delay.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Extra delay drawn uniformly from [0, Jitter] per segment (can reorder on its own).</summary>
    public TimeSpan Jitter { get; init; } = TimeSpan.Zero;

    /// <summary>Probability that a segment is lost.</summary>
    public double Loss { get; init; }

    /// <summary>Probability that a segment is delivered twice.</summary>
    public double Duplication { get; init; }

    /// <summary>Probability that a segment is held back by <see cref="ReorderDelay"/> so later ones overtake it.</summary>
    public double Reordering { get; init; }

    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>10 ms each way, nothing lost: the default for traces students read.</summary>
    public static LinkOptions Lan { get; } = new();

    /// <summary>Delivered at once: the packetdrill runner's view of a local stack.</summary>
    public static LinkOptions Instant { get; } = new() { Delay = TimeSpan.Zero };

    internal void Validate()
    {
        static void Probability(double p, string name)
        {
            if (p is < 0 or > 1 || double.IsNaN(p))
                throw new ArgumentOutOfRangeException(name, p, $"{name} is a probability and must be between 0 and 1");
        }
        Probability(Loss, nameof(Loss));
        Probability(Duplication, nameof(Duplication));
        Probability(Reordering, nameof(Reordering));
        if (Delay < TimeSpan.Zero || Jitter < TimeSpan.Zero || ReorderDelay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Delay), "delays cannot be negative");
    }
}
