namespace TcpKata.Kernel.Tests;

/// <summary>Where the kernel cannot be reached, a test is inconclusive, except on CI (TCPKATA_REQUIRE_KERNEL=1), where it fails.</summary>
internal static class KernelRequirement
{
    public static void Check()
    {
        if (PrivateNetwork.Unavailable() is not { } why) return;
        if (Environment.GetEnvironmentVariable("TCPKATA_REQUIRE_KERNEL") == "1") Assert.Fail(why);
        Assert.Ignore(why);
    }
}
