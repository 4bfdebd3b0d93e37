using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TcpKata.Kernel;

/// <summary>
/// A TUN device (Linux's /dev/net/tun, IFF_TUN | IFF_NO_PI): each write hands the kernel one IPv4 packet as if it had
/// arrived on that interface, each read returns one packet the kernel routed out through it. Opened by the thread that
/// lives in the private network's namespace, so the device is created there.
/// </summary>
internal sealed partial class TunDevice : IDisposable
{
    private const uint TunSetIff = 0x400454ca;
    private const short IffTun = 0x0001, IffNoPi = 0x1000;
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
        if (fd < 0) throw new IOException($"cannot open /dev/net/tun (errno {Marshal.GetLastPInvokeError()}): the kernel bridge needs root or CAP_NET_ADMIN");
        var request = new byte[40]; // struct ifreq: the name, then the flags
        System.Text.Encoding.ASCII.GetBytes(name).CopyTo(request, 0);
        BitConverter.GetBytes((short)(IffTun | IffNoPi)).CopyTo(request, 16);
        if (Ioctl(fd, TunSetIff, request) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Close(fd);
            throw new IOException($"TUNSETIFF {name} failed (errno {errno})");
        }
        return new TunDevice(name, new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 0));
    }

    /// <summary>Hands the kernel one packet.</summary>
    public void Write(byte[] packet) => _stream.Write(packet);

    /// <summary>The next packet the kernel sends out through the device (blocks until there is one).</summary>
    public byte[] Read()
    {
        var buffer = new byte[65536];
        var n = _stream.Read(buffer);
        return buffer[..n];
    }

    public void Dispose() => _stream.Dispose();

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, byte[] argument);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
