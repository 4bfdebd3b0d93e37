using TcpKata.Tracing;

namespace TcpKata.Engine;

/// <summary>Anything with an address that segments can be delivered to: a TCP host, a scripted peer.</summary>
public interface INetworkNode
{
    string Name { get; }
    uint Address { get; }
    void Receive(in Segment segment);
}

/// <summary>
/// The fake network: delivers segments between nodes after each link's delay, and loses,
/// duplicates, reorders or holds them back as the link options and scripted faults say.
/// </summary>
public sealed class Network : IEventTarget
{
    private readonly Scheduler _scheduler;
    private readonly DeterministicRandom _random;
    private readonly Trace _trace;
    private readonly Dictionary<uint, INetworkNode> _nodes = [];
    private readonly Dictionary<(uint From, uint To), LinkOptions> _links = [];
    private readonly List<Fault> _faults = [];
    private LinkOptions _defaultLink = LinkOptions.Lan;

    public Network(Scheduler scheduler, DeterministicRandom random, Trace trace)
    {
        _scheduler = scheduler;
        _random = random;
        _trace = trace;
    }

    public LinkOptions DefaultLink
    {
        get => _defaultLink;
        set
        {
            value.Validate();
            _defaultLink = value;
        }
    }

    public IReadOnlyList<Fault> Faults => _faults;

    public long SegmentsDelivered { get; private set; }

    public void Attach(INetworkNode node)
    {
        if (!_nodes.TryAdd(node.Address, node))
            throw new InvalidOperationException($"address {Endpoint.FormatAddress(node.Address)} is already used by {_nodes[node.Address].Name}");
        _trace.NameHost(node.Address, node.Name);
    }

    public INetworkNode? Find(string name) => _nodes.Values.FirstOrDefault(n => n.Name == name);

    /// <summary>Sets the link from <paramref name="from"/> to <paramref name="to"/> (one direction).</summary>
    public void SetLink(INetworkNode from, INetworkNode to, LinkOptions options)
    {
        options.Validate();
        _links[(from.Address, to.Address)] = options;
    }

    public void AddFault(Fault fault)
    {
        fault.Reset();
        _faults.Add(fault);
    }

    /// <summary>Puts a segment on the wire from <paramref name="from"/>.</summary>
    public void Transmit(INetworkNode from, in Segment segment)
    {
        if (_trace.Enabled) _trace.Add(new TraceEvent(_scheduler.Now, TraceKind.Sent, from.Name, "", segment));

        if (!_nodes.TryGetValue(segment.Destination.Address, out var to))
        {
            Note(TraceKind.Dropped, from, segment, "no host has that address");
            return;
        }

        var extra = TimeSpan.Zero;
        var copies = 1;
        foreach (var fault in _faults)
        {
            if (!fault.Matches(from.Name, segment)) continue;
            switch (fault.Action)
            {
                case FaultAction.Drop:
                    Note(TraceKind.Dropped, from, segment, $"fault: {fault}");
                    return;
                case FaultAction.Delay:
                    extra += fault.Delay;
                    Note(TraceKind.Delayed, from, segment, $"fault: {fault}");
                    break;
                case FaultAction.Duplicate:
                    copies++;
                    Note(TraceKind.Duplicated, from, segment, $"fault: {fault}");
                    break;
            }
        }

        var link = _links.TryGetValue((from.Address, to.Address), out var l) ? l : _defaultLink;
        if (_random.Chance(link.Loss))
        {
            Note(TraceKind.Dropped, from, segment, "random loss");
            return;
        }
        if (_random.Chance(link.Duplication))
        {
            copies++;
            Note(TraceKind.Duplicated, from, segment, "random duplication");
        }
        for (var i = 0; i < copies; i++)
        {
            var delay = link.Delay + extra + _random.NextSpan(link.Jitter);
            if (_random.Chance(link.Reordering)) delay += link.ReorderDelay;
            _scheduler.Schedule(delay, this, segment, state: to);
        }
    }

    void IEventTarget.OnEvent(in ScheduledEvent e)
    {
        var to = (INetworkNode)e.State!;
        SegmentsDelivered++;
        if (_trace.Enabled) _trace.Add(new TraceEvent(_scheduler.Now, TraceKind.Delivered, to.Name, "", e.Segment));
        to.Receive(e.Segment);
    }

    private void Note(TraceKind kind, INetworkNode from, in Segment segment, string why)
    {
        if (_trace.Enabled) _trace.Add(new TraceEvent(_scheduler.Now, kind, from.Name, why, segment));
    }
}
