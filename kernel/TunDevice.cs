using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TcpKata.Kernel;

/// <summary>
/// A TUN device (Linux's /dev/net/tun, IFF_TUN | IFF_NO_PI): each write hands the kernel one IPv4 packet as if it had
/// arrived on that interface, each read returns one packet the kernel routed out through it. Opened by the thread that
/// lives in the private network's namespace, so the device is created there. Like packetdrill's, the device offloads
/// segmentation and checksums as an Ethernet card does (IFF_VNET_HDR, TUNSETOFFLOAD): TCP hands it one TSO segment of
/// several MSS where a wire would carry several, which is what Linux's own scripts expect.
/// </summary>
internal sealed partial class TunDevice : IDisposable
{
    private const uint TunSetIff = 0x400454ca, TunSetOffload = 0x400454d0;
    private const short IffTun = 0x0001, IffNoPi = 0x1000, IffVnetHdr = 0x4000;
    private const uint TunFCsum = 0x01, TunFTso4 = 0x02, TunFTso6 = 0x04, TunFTsoEcn = 0x08;

    // struct virtio_net_hdr before every packet: flags, gso_type, hdr_len, gso_size, csum_start, csum_offset.
    private const int VnetHeader = 10;
    private const byte NeedsChecksum = 0x01;
    private readonly FileStream _stream;

    public string Name { get; }

    private TunDevice(string name, FileStream stream)
    {
        Name = name;
        _stream = stream;
    }

    public static TunDevice Open(string name)
    {
        var fd = Open("/dev/net/tun", 2 /* O_RDWR */);
        if (fd < 0) throw new IOException($"cannot open /dev/net/tun (errno {Marshal.GetLastPInvokeError()}): the kernel bridge needs root");
        var request = new byte[40]; // struct ifreq: the name, then the flags
        System.Text.Encoding.ASCII.GetBytes(name).CopyTo(request, 0);
        BitConverter.GetBytes((short)(IffTun | IffNoPi | IffVnetHdr)).CopyTo(request, 16);
        if (Ioctl(fd, TunSetIff, request) < 0 || IoctlValue(fd, TunSetOffload, TunFCsum | TunFTso4 | TunFTso6 | TunFTsoEcn) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Close(fd);
            throw new IOException($"setting up the TUN device {name} failed (errno {errno})");
        }
        return new TunDevice(name, new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 0));
    }

    /// <summary>Hands the kernel one packet (whole: no segmentation asked, checksums already right).</summary>
    public void Write(byte[] packet) => _stream.Write([.. new byte[VnetHeader], .. packet]);

    /// <summary>The next packet the kernel sends out through the device (blocks until there is one), and whether its TCP
    /// checksum is left for the device to compute (offloaded: the field holds only the pseudo-header's sum).</summary>
    public (byte[] Packet, bool ChecksumOffloaded) Read()
    {
        var buffer = new byte[VnetHeader + 65536];
        var n = _stream.Read(buffer);
        return (buffer[VnetHeader..n], (buffer[0] & NeedsChecksum) != 0);
    }

    /// <summary>The next packet, or null when none comes within <paramref name="timeout"/> (a capture loop that can stop:
    /// closing the device does not wake a read blocked on it).</summary>
    public (byte[] Packet, bool ChecksumOffloaded)? TryRead(TimeSpan timeout)
    {
        var poll = new PollFd { Fd = (int)_stream.SafeFileHandle.DangerousGetHandle(), Events = PollIn };
        return Poll(ref poll, 1, (int)timeout.TotalMilliseconds) > 0 && (poll.Revents & PollIn) != 0 ? Read() : null;
    }

    private const short PollIn = 0x001;

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    public void Dispose() => _stream.Dispose();

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, byte[] argument);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlValue(int fd, nuint request, nuint argument);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
