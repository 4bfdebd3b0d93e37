
namespace TcpKata.Tests.Support;

/// <summary>The handlers under test: the students' exercises, or the reference solutions with -p:Kata=Solutions.</summary>
public static class Implementation
{
    public static TcpHandlers Handlers() => TcpHandlers.FromAssembly(typeof(global::TcpKata.Exercises.ClientHandshake).Assembly);
}
