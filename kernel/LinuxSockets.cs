using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace TcpKata.Kernel;

/// <summary>What a system call returned: its value, or -1 and Linux's errno.</summary>
public readonly record struct SyscallResult(long Value, int Errno)
{
    public static SyscallResult Of(long value) => value < 0 ? new(-1, Marshal.GetLastPInvokeError()) : new(value, 0);

    /// <summary>"4", or "-1 ECONNREFUSED (Connection refused)" as a script writes it.</summary>
    public override string ToString() => Errno == 0 ? Value.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"-1 {Scripts.Errno.Name(Errno)} ({Marshal.GetPInvokeErrorMessage(Errno)})";
}

/// <summary>
/// The socket system calls a packetdrill script makes, made as it makes them: on Linux's libc, with real descriptors and
/// real errno values (not .NET's Socket, whose errors are translated). IPv4 only; numbers are Linux's.
/// </summary>
public static partial class LinuxSockets
{
    public const int AfInet = 2, SockStream = 1;
    public const int SolSocket = 1, IpProtoTcp = 6;
    public const int FGetFl = 3, FSetFl = 4, ORdWr = 2, ONonBlock = 0x800;
    public const uint SiocInq = 0x541B;

    /// <summary>The socket options a script may set or read, by name: (level, option).</summary>
    public static readonly IReadOnlyDictionary<string, (int Level, int Name)> Options = new Dictionary<string, (int, int)>
    {
        ["SO_REUSEADDR"] = (SolSocket, 2), ["SO_ERROR"] = (SolSocket, 4), ["SO_SNDBUF"] = (SolSocket, 7), ["SO_RCVBUF"] = (SolSocket, 8),
        ["SO_KEEPALIVE"] = (SolSocket, 9), ["SO_LINGER"] = (SolSocket, 13), ["SO_REUSEPORT"] = (SolSocket, 15),
        ["TCP_NODELAY"] = (IpProtoTcp, 1), ["TCP_MAXSEG"] = (IpProtoTcp, 2), ["TCP_CORK"] = (IpProtoTcp, 3), ["TCP_KEEPIDLE"] = (IpProtoTcp, 4),
        ["TCP_KEEPINTVL"] = (IpProtoTcp, 5), ["TCP_KEEPCNT"] = (IpProtoTcp, 6), ["TCP_SYNCNT"] = (IpProtoTcp, 7), ["TCP_LINGER2"] = (IpProtoTcp, 8),
        ["TCP_DEFER_ACCEPT"] = (IpProtoTcp, 9), ["TCP_QUICKACK"] = (IpProtoTcp, 12), ["TCP_USER_TIMEOUT"] = (IpProtoTcp, 18),
        ["TCP_INQ"] = (IpProtoTcp, 36),
    };

    public static SyscallResult Socket() => SyscallResult.Of(NativeSocket(AfInet, SockStream, 0));

    public static SyscallResult SetOption(int fd, int level, int name, ReadOnlySpan<int> value)
    {
        var bytes = MemoryMarshal.AsBytes(value).ToArray();
        return SyscallResult.Of(NativeSetSockOpt(fd, level, name, bytes, (uint)bytes.Length));
    }

    /// <summary>TCP_CONGESTION: the socket's congestion control by name ("cubic"). Root may choose any the kernel has, also one
    /// outside net.ipv4.tcp_allowed_congestion_control, which the namespace's sysctl may not.</summary>
    public static SyscallResult SetCongestionControl(int fd, string algorithm)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(algorithm);
        return SyscallResult.Of(NativeSetSockOpt(fd, IpProtoTcp, 13, bytes, (uint)bytes.Length));
    }

    public static (SyscallResult Result, int Value) GetOption(int fd, int level, int name)
    {
        var value = new byte[4];
        var length = 4u;
        var result = SyscallResult.Of(NativeGetSockOpt(fd, level, name, value, ref length));
        return (result, BitConverter.ToInt32(value));
    }

    public static (SyscallResult Result, int Value) UnreadBytes(int fd)
    {
        var value = 0;
        var result = SyscallResult.Of(NativeIoctl(fd, SiocInq, ref value));
        return (result, value);
    }

    public static SyscallResult Fcntl(int fd, int command, int argument) => SyscallResult.Of(NativeFcntl(fd, command, argument));

    public static SyscallResult Bind(int fd, uint address, ushort port) => SyscallResult.Of(NativeBind(fd, SockAddr(address, port), 16));

    public static SyscallResult Listen(int fd, int backlog) => SyscallResult.Of(NativeListen(fd, backlog));

    public static SyscallResult Accept(int fd) => SyscallResult.Of(NativeAccept(fd, IntPtr.Zero, IntPtr.Zero));

    public static SyscallResult Connect(int fd, uint address, ushort port) => SyscallResult.Of(NativeConnect(fd, SockAddr(address, port), 16));

    public static SyscallResult Read(int fd, int count) => SyscallResult.Of(NativeRead(fd, new byte[count], (nuint)count));

    public static SyscallResult Write(int fd, int count) => SyscallResult.Of(NativeWrite(fd, new byte[count], (nuint)count));

    /// <summary>recvmsg() into a buffer of <paramref name="count"/> bytes with room for control messages; the TCP_CM_INQ
    /// one (the bytes still unread, with TCP_INQ set on the socket) is returned when the kernel sent it.</summary>
    public static unsafe (SyscallResult Result, int? Inq) ReceiveMessage(int fd, int count)
    {
        var data = new byte[Math.Max(count, 1)];
        var control = new byte[64];
        fixed (byte* d = data, c = control)
        {
            var iov = new IoVec { Base = d, Length = (nuint)count };
            var header = new MsgHdr { Iov = &iov, IovLength = 1, Control = c, ControlLength = (nuint)control.Length };
            var result = SyscallResult.Of(NativeRecvMsg(fd, &header, 0));
            int? inq = null;
            // struct cmsghdr: cmsg_len (size_t), cmsg_level, cmsg_type, then the data.
            for (var offset = 0; offset + 16 <= (int)header.ControlLength;)
            {
                var length = (int)BitConverter.ToUInt64(control, offset);
                if (length < 16) break;
                if (BitConverter.ToInt32(control, offset + 8) == IpProtoTcp && BitConverter.ToInt32(control, offset + 12) == TcpCmInq)
                    inq = BitConverter.ToInt32(control, offset + 16);
                offset += (length + 7) & ~7;
            }
            return (result, inq);
        }
    }

    private const int TcpCmInq = 36;

    private unsafe struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    private unsafe struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static unsafe partial nint NativeRecvMsg(int fd, MsgHdr* message, int flags);

    public static SyscallResult Shutdown(int fd, int how) => SyscallResult.Of(NativeShutdown(fd, how));

    public static SyscallResult Close(int fd) => SyscallResult.Of(NativeClose(fd));

    // struct sockaddr_in: the family in host order, the port and address in network order.
    private static byte[] SockAddr(uint address, ushort port)
    {
        var sa = new byte[16];
        BitConverter.GetBytes((ushort)AfInet).CopyTo(sa, 0);
        BinaryPrimitives.WriteUInt16BigEndian(sa.AsSpan(2), port);
        BinaryPrimitives.WriteUInt32BigEndian(sa.AsSpan(4), address);
        return sa;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int NativeSocket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int NativeSetSockOpt(int fd, int level, int name, byte[] value, uint length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int NativeGetSockOpt(int fd, int level, int name, byte[] value, ref uint length);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int NativeIoctl(int fd, nuint request, ref int value);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int NativeFcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int NativeBind(int fd, byte[] address, uint length);

    [LibraryImport("libc", EntryPoint = "listen", SetLastError = true)]
    private static partial int NativeListen(int fd, int backlog);

    [LibraryImport("libc", EntryPoint = "accept", SetLastError = true)]
    private static partial int NativeAccept(int fd, IntPtr address, IntPtr length);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static partial int NativeConnect(int fd, byte[] address, uint length);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint NativeRead(int fd, byte[] buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint NativeWrite(int fd, byte[] buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    private static partial int NativeShutdown(int fd, int how);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int NativeClose(int fd);
}
