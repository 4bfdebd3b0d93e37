using System.Net.Sockets;

namespace TcpKata.Scripts;

/// <summary>How a <see cref="SocketError"/> reads in a packetdrill script: Linux's errno name and strerror text.</summary>
public static class Errno
{
    public static (string Name, string Text) For(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => ("ECONNREFUSED", "Connection refused"),
        SocketError.TimedOut => ("ETIMEDOUT", "Connection timed out"),
        SocketError.ConnectionReset => ("ECONNRESET", "Connection reset by peer"),
        SocketError.ConnectionAborted => ("ECONNABORTED", "Software caused connection abort"),
        SocketError.WouldBlock => ("EAGAIN", "Resource temporarily unavailable"),
        SocketError.InProgress => ("EINPROGRESS", "Operation now in progress"),
        SocketError.NotConnected => ("ENOTCONN", "Transport endpoint is not connected"),
        SocketError.IsConnected => ("EISCONN", "Transport endpoint is already connected"),
        SocketError.AddressAlreadyInUse => ("EADDRINUSE", "Address already in use"),
        SocketError.AddressNotAvailable => ("EADDRNOTAVAIL", "Cannot assign requested address"),
        SocketError.InvalidArgument => ("EINVAL", "Invalid argument"),
        SocketError.Shutdown => ("EPIPE", "Broken pipe"),
        SocketError.HostNotFound => ("EHOSTUNREACH", "No route to host"),
        _ => ("EIO", error.ToString()),
    };
}
