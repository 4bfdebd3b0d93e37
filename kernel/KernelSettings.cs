namespace TcpKata.Kernel;

/// <summary>
/// The settings a packetdrill script assumes of the kernel, applied inside the run's namespace (never to the machine):
/// the production-like defaults of packetdrill's own suite (gtests/net/common/defaults.sh), less what today's kernels
/// no longer have (tcp_fack) or what is not per namespace. Scripts in the Linux style expect what these make: window
/// scaling with wscale 8 (from the 15 MiB receive buffer), SACK, timestamps, cubic, no ECN, no pacing.
/// </summary>
public static class KernelSettings
{
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>
    {
        ["net.ipv4.tcp_rmem"] = "4096 540000 15728640",
        ["net.ipv4.tcp_wmem"] = "4096 262144 4194304",
        ["net.ipv4.tcp_timestamps"] = "1",
        ["net.ipv4.tcp_window_scaling"] = "1",
        ["net.ipv4.tcp_sack"] = "1",
        ["net.ipv4.tcp_dsack"] = "1",
        ["net.ipv4.tcp_syn_retries"] = "5",
        ["net.ipv4.tcp_synack_retries"] = "5",
        ["net.ipv4.tcp_frto"] = "2",
        ["net.ipv4.tcp_reordering"] = "3",
        ["net.ipv4.tcp_congestion_control"] = "cubic",
        ["net.ipv4.tcp_slow_start_after_idle"] = "0",
        ["net.ipv4.tcp_early_retrans"] = "4",
        ["net.ipv4.tcp_recovery"] = "1",
        ["net.ipv4.tcp_tso_win_divisor"] = "3",
        ["net.ipv4.tcp_ecn"] = "0",
        ["net.ipv4.tcp_pacing_ss_ratio"] = "200",
        ["net.ipv4.tcp_pacing_ca_ratio"] = "120",
        ["net.ipv4.tcp_notsent_lowat"] = "4294967295",
        ["net.ipv4.tcp_fastopen"] = "0x70403",
        ["net.ipv4.tcp_syncookies"] = "1",
        // The device's IPv6 chatter (router solicitations) would only be noise on the TUN device.
        ["net.ipv6.conf.all.disable_ipv6"] = "1",
    };

    /// <summary>
    /// Which of <paramref name="settings"/> this kernel takes in a namespace, tried once in one made for the purpose (and
    /// remembered for the process), and why it refuses the others: a sysctl it lacks, or a congestion control outside
    /// the machine's net.ipv4.tcp_allowed_congestion_control, which a namespace may not choose; the runner then sets that
    /// one on each socket (TCP_CONGESTION), which root may.
    /// </summary>
    public static KernelSetup Probe(IReadOnlyDictionary<string, string> settings) => Probed.GetOrAdd(settings, Try);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IReadOnlyDictionary<string, string>, KernelSetup> Probed = new();

    private static KernelSetup Try(IReadOnlyDictionary<string, string> settings)
    {
        var applied = new Dictionary<string, string>();
        var refused = new List<string>();
        using (var network = PrivateNetwork.Create())
        {
            foreach (var (name, value) in settings)
            {
                try
                {
                    network.SetSysctl(name, value);
                    applied[name] = value;
                }
                catch (ArgumentException e)
                {
                    refused.Add(e.Message);
                }
            }
        }
        var perSocket = !applied.ContainsKey(CongestionControl) && settings.TryGetValue(CongestionControl, out var algorithm) ? algorithm : null;
        return new KernelSetup(applied, refused, perSocket);
    }

    public const string CongestionControl = "net.ipv4.tcp_congestion_control";

    /// <summary>The defaults with <paramref name="overrides"/> ("net.ipv4.tcp_syn_linear_timeouts=0") applied over them.</summary>
    public static IReadOnlyDictionary<string, string> With(IEnumerable<string> overrides)
    {
        var settings = new Dictionary<string, string>(Defaults);
        foreach (var setting in overrides)
        {
            var eq = setting.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new ArgumentException($"a sysctl is written NAME=VALUE (net.ipv4.tcp_sack=0), not \"{setting}\"");
            settings[setting[..eq].Trim()] = setting[(eq + 1)..].Trim();
        }
        return settings;
    }
}

/// <summary>What a run applies: the sysctls the kernel took, why it refused the others, and the congestion control
/// to set on each socket instead of the namespace's default (when the namespace may not choose it).</summary>
public sealed record KernelSetup(IReadOnlyDictionary<string, string> Applied, IReadOnlyList<string> Refused, string? CongestionControlPerSocket);
