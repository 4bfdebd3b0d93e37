using System.Net.Sockets;
using System.Runtime.InteropServices;
using TcpKata.Scripts;

namespace TcpKata.Kit.Tests;

/// <summary>The errno table both script runners read, held against the machine's own C library.</summary>
public sealed class ErrnoTests
{
    [Test]
    [Platform("Linux")]
    public void Errno_EveryEntry_IsLinuxsNumberWithGlibcsText()
    {
        Assert.Multiple(() =>
        {
            foreach (var (number, name, text) in Errno.Linux)
                Assert.That(Marshal.GetPInvokeErrorMessage(number), Is.EqualTo(text), $"{name} ({number})");
        });
    }

    [Test]
    public void Errno_NamesAndNumbers_ReadBothWays()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errno.Name(111), Is.EqualTo("ECONNREFUSED"));
            Assert.That(Errno.Number("ECONNREFUSED"), Is.EqualTo(111));
            Assert.That(Errno.Name(4095), Is.EqualTo("errno 4095"));
            Assert.That(Errno.Number("ENOSUCH"), Is.Null);
            Assert.That(Errno.For(SocketError.ConnectionReset), Is.EqualTo(("ECONNRESET", "Connection reset by peer")));
            Assert.That(Errno.Linux.Select(e => e.Name), Is.Unique);
            Assert.That(Errno.Linux.Select(e => e.Number), Is.Unique);
        });
    }
}
