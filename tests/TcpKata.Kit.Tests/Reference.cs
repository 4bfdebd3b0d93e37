namespace TcpKata.Kit.Tests;

/// <summary>The reference handlers: kit tests need a TCP that works.</summary>
internal static class Reference
{
    public static TcpHandlers Handlers() => TcpHandlers.FromAssembly(typeof(global::TcpKata.Exercises.ClientHandshake).Assembly);
}
