using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TcpKata.Kernel;

/// <summary>
/// A network namespace made for one run, as packetdrill's tests use: the kernel's own TCP at the kit's local address
/// 192.168.0.1 behind a TUN device, with the scripted peer 192.0.2.1 reached through it. Made with iproute2 (ip netns);
/// one thread of this process joins it (setns), so that the TUN device and every socket of the run are created inside.
/// Linux only; root.
/// </summary>
public sealed partial class PrivateNetwork : IDisposable
{
    public const string LocalAddress = "192.168.0.1", RemoteAddress = "192.0.2.1";
    /// <summary>packetdrill's name for its device, which its suite's scripts use (defaults.sh: tc qdisc add dev tun0 ...).</summary>
    public const string Device = "tun0";

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
        if (GetEuid() != 0) return "the kernel bridge needs root, to make a network namespace and a TUN device (sudo -E, or a container run with --privileged)";
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
            foreach (var (name, value) in sysctls ?? new Dictionary<string, string>()) network.SetSysctl(name, value);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Sets a sysctl inside the namespace ("net.ipv4.tcp_sack", "1"): /proc/sys/net shows the namespace of the thread
    /// that opens it.</summary>
    public void SetSysctl(string name, string value) => Inside(() =>
    {
        var path = "/proc/sys/" + name.Replace('.', '/');
        if (!File.Exists(path)) throw new ArgumentException($"no sysctl {name} on {KernelVersion} (or it is not per network namespace)");
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new ArgumentException($"{KernelVersion} refuses {name}={value} in a network namespace ({e.InnerException?.Message ?? e.Message})", e);
        }
        return 0;
    });

    /// <summary>A FIFO queue on the device, as packetdrill's defaults have it (a pacing qdisc such as fq would delay
    /// segments); replaces whatever a script's own setup put there.</summary>
    public void UseFifoQueue() => Run("ip", ["netns", "exec", Name, "tc", "qdisc", "replace", "dev", Device, "root", "pfifo"]);

    /// <summary>Runs a script's `shell command` inside the namespace (sh -c, in <paramref name="directory"/>, as packetdrill
    /// runs it in the script's); returns its exit code and what it printed on stderr.</summary>
    public (int ExitCode, string Error) Shell(string command, string directory)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = directory };
        // packetdrill's suite names its own process in helpers (set_sysctls.py writes /tmp/sysctl_restore_$PACKETDRILL_PID.sh).
        start.Environment["PACKETDRILL_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var argument in (string[])["netns", "exec", Name, "sh", "-c", command]) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Result.Trim());
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
            if (_tun!.Read() is var (bytes, offloaded) && TcpPacket.Decode(bytes, verifyChecksum: !offloaded) is { } packet) return packet;
    }

    /// <summary>The next TCP packet the kernel sends to the peer, or null when none comes within <paramref name="timeout"/>.</summary>
    public TcpPacket? TryCapture(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_tun!.TryRead(deadline - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero) is { } read)
            if (TcpPacket.Decode(read.Packet, verifyChecksum: !read.ChecksumOffloaded) is { } packet) return packet;
        return null;
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
