using System.Net.Sockets;

namespace TcpKata.Scripts;

/// <summary>
/// Linux's errno values as a packetdrill script writes them: number, name and glibc's strerror text. One table for the
/// kit's script runner (a <see cref="SocketError"/> read as the errno Linux would return) and the kernel runner (the numbers
/// real system calls return); a kit test holds the texts against this machine's strerror.
/// </summary>
public static class Errno
{
    public static IReadOnlyList<(int Number, string Name, string Text)> Linux { get; } =
    [
        (1, "EPERM", "Operation not permitted"), (2, "ENOENT", "No such file or directory"), (4, "EINTR", "Interrupted system call"),
        (5, "EIO", "Input/output error"), (9, "EBADF", "Bad file descriptor"), (11, "EAGAIN", "Resource temporarily unavailable"),
        (12, "ENOMEM", "Cannot allocate memory"), (13, "EACCES", "Permission denied"), (14, "EFAULT", "Bad address"),
        (22, "EINVAL", "Invalid argument"), (24, "EMFILE", "Too many open files"), (32, "EPIPE", "Broken pipe"),
        (88, "ENOTSOCK", "Socket operation on non-socket"), (89, "EDESTADDRREQ", "Destination address required"),
        (90, "EMSGSIZE", "Message too long"), (92, "ENOPROTOOPT", "Protocol not available"), (95, "EOPNOTSUPP", "Operation not supported"),
        (98, "EADDRINUSE", "Address already in use"), (99, "EADDRNOTAVAIL", "Cannot assign requested address"),
        (100, "ENETDOWN", "Network is down"), (101, "ENETUNREACH", "Network is unreachable"),
        (103, "ECONNABORTED", "Software caused connection abort"), (104, "ECONNRESET", "Connection reset by peer"),
        (105, "ENOBUFS", "No buffer space available"), (106, "EISCONN", "Transport endpoint is already connected"),
        (107, "ENOTCONN", "Transport endpoint is not connected"), (110, "ETIMEDOUT", "Connection timed out"),
        (111, "ECONNREFUSED", "Connection refused"), (113, "EHOSTUNREACH", "No route to host"),
        (114, "EALREADY", "Operation already in progress"), (115, "EINPROGRESS", "Operation now in progress"),
    ];

    /// <summary>"ECONNREFUSED" for 111; "errno N" for one the table does not have.</summary>
    public static string Name(int number) => Linux.FirstOrDefault(e => e.Number == number).Name ?? $"errno {number}";

    /// <summary>111 for "ECONNREFUSED" (scripts write getsockopt(..., SO_ERROR, [ECONNREFUSED], ...)); null for an unknown name.</summary>
    public static int? Number(string name) => Linux.FirstOrDefault(e => e.Name == name) is { Name: not null } e ? e.Number : null;

    /// <summary>The errno Linux returns where the kit's socket reports <paramref name="error"/>.</summary>
    public static (string Name, string Text) For(SocketError error)
    {
        var number = error switch
        {
            SocketError.ConnectionRefused => 111,
            SocketError.TimedOut => 110,
            SocketError.ConnectionReset => 104,
            SocketError.ConnectionAborted => 103,
            SocketError.WouldBlock => 11,
            SocketError.InProgress => 115,
            SocketError.NotConnected => 107,
            SocketError.IsConnected => 106,
            SocketError.AddressAlreadyInUse => 98,
            SocketError.AddressNotAvailable => 99,
            SocketError.InvalidArgument => 22,
            SocketError.Shutdown => 32,
            SocketError.HostNotFound => 113,
            _ => 5,
        };
        var entry = Linux.First(e => e.Number == number);
        return number == 5 ? (entry.Name, error.ToString()) : (entry.Name, entry.Text);
    }
}
