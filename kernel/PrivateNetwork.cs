using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TcpKata.Kernel;

/// <summary>
/// A network namespace made for one run, as packetdrill's tests use: the kernel's own TCP at the kit's local address
/// 192.168.0.1 behind a TUN device, with the scripted peer 192.0.2.1 reached through it. Made with iproute2 (ip netns);
/// one thread of this process joins it (setns), so that the TUN device and every socket of the run are created inside.
/// Linux only; root or CAP_NET_ADMIN.
/// </summary>
public sealed partial class PrivateNetwork : IDisposable
{
    public const string LocalAddress = "192.168.0.1", RemoteAddress = "192.0.2.1";
    private const string Device = "tcpkata0";

    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _inside;
    private TunDevice? _tun;

    /// <summary>The namespace's name (ip netns list shows it while the run lasts).</summary>
    public string Name { get; }

    private PrivateNetwork(string name)
    {
        Name = name;
        _inside = new Thread(() =>
        {
            foreach (var work in _work.GetConsumingEnumerable()) work();
        }) { IsBackground = true, Name = "inside " + name };
        _inside.Start();
    }

    /// <summary>Why this machine cannot make one, or null when it can.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux()) return "the kernel bridge needs Linux (a TUN device in a network namespace)";
        if (!File.Exists("/dev/net/tun")) return "/dev/net/tun is missing (modprobe tun)";
        if (GetEuid() != 0) return "the kernel bridge needs root or CAP_NET_ADMIN (e.g. sudo, or a container run with --cap-add NET_ADMIN)";
        return Which("ip") is null ? "iproute2's ip command is missing (apt-get install iproute2)" : null;
    }

    /// <summary>Makes the namespace, its TUN device, addresses and route, and applies <paramref name="sysctls"/> inside it.</summary>
    public static PrivateNetwork Create(IReadOnlyDictionary<string, string>? sysctls = null)
    {
        if (Unavailable() is { } why) throw new PlatformNotSupportedException(why);
        var network = new PrivateNetwork($"tcpkata-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
        try
        {
            Ip("netns", "add", network.Name);
            network.Inside(() =>
            {
                using var ns = File.OpenHandle($"/run/netns/{network.Name}");
                if (SetNs(ns.DangerousGetHandle().ToInt32(), 0x40000000 /* CLONE_NEWNET */) != 0)
                    throw new IOException($"setns into {network.Name} failed (errno {Marshal.GetLastPInvokeError()})");
                network._tun = TunDevice.Open(Device);
                return 0;
            });
            foreach (var command in new[]
                     {
                         new[] { "link", "set", "lo", "up" }, ["addr", "add", $"{LocalAddress}/24", "dev", Device], ["link", "set", Device, "up"],
                         ["route", "add", "192.0.2.0/24", "dev", Device],
                     })
                Ip(["netns", "exec", network.Name, "ip", .. command]);
            foreach (var (name, value) in sysctls ?? new Dictionary<string, string>())
                Run("ip", ["netns", "exec", network.Name, "sysctl", "-q", "-w", $"{name}={value}"]);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> on the thread inside the namespace: create sockets there.</summary>
    public T Inside<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task.GetAwaiter().GetResult();
    }

    /// <summary>Hands the kernel a packet, as if it came from the peer.</summary>
    public void Inject(TcpPacket packet) => _tun!.Write(packet.Encode());

    /// <summary>The next TCP packet the kernel sends to the peer (anything else through the device is skipped); blocks.</summary>
    public TcpPacket Capture()
    {
        while (true)
            if (TcpPacket.Decode(_tun!.Read()) is { } packet) return packet;
    }

    /// <summary>The kernel this runs on, for reports: "Linux 6.18.0".</summary>
    public static string KernelVersion => File.Exists("/proc/sys/kernel/osrelease") ? "Linux " + File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "unknown";

    public void Dispose()
    {
        _tun?.Dispose();
        _work.CompleteAdding();
        try
        {
            Ip("netns", "del", Name);
        }
        catch (InvalidOperationException)
        {
            // Already gone, or never made.
        }
    }

    private static void Ip(params string[] arguments) => Run("ip", arguments);

    private static void Run(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)}: {error.Trim()}");
    }

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':')
        .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();
}
