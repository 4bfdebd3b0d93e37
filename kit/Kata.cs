using System.Runtime.CompilerServices;

namespace TcpKata;

/// <summary>Thrown by an exercise stub: says which handler to write, what it must do, and where.</summary>
public sealed class NotImplementedYetException(string message, string where) : NotImplementedException(message)
{
    /// <summary>
    /// Just the stub's line: the frames above it (the kit, the test runner) say nothing a student needs,
    /// and with a hundred untouched stubs they would bury the messages that do.
    /// </summary>
    public override string StackTrace => $"   at {where}";
}

public static class Kata
{
    /// <summary>
    /// What an untouched handler stub throws: <c>throw Kata.NotImplemented(this)</c>. The message names the handler, its
    /// task and what to read from the handler's <see cref="ContractAttribute"/>, and the file, so the failing test says
    /// what to do next.
    /// </summary>
    public static NotImplementedYetException NotImplemented(object handler,
        [CallerMemberName] string member = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var contract = ContractAttribute.Of(handler.GetType(), member)
                       ?? throw new InvalidOperationException($"{handler.GetType().Name}.{member} implements no handler with a [Contract]: pass its task and what to read");
        return AppNotImplemented(handler, contract.Task, contract.Read, member, file, line);
    }

    /// <summary>
    /// What an untouched app stub throws (an app has no handler contract): <c>throw Kata.AppNotImplemented(this, "accept ...", "README.md beside it")</c>.
    /// </summary>
    public static NotImplementedYetException AppNotImplemented(object handler, string whatToDo, string readFirst,
        [CallerMemberName] string member = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        new($"not implemented yet: {handler.GetType().Name}.{member} — {whatToDo}. Read {readFirst}; edit {RepoRelative(file)}.",
            $"{handler.GetType().Name}.{member} in {RepoRelative(file)}:line {line}");

    /// <summary>Trims a compile-time path to the part a student recognises ("exercises/01-client-handshake/ClientHandshake.cs").</summary>
    public static string RepoRelative(string path)
    {
        var normalized = path.Replace('\\', '/');
        foreach (var root in new[] { "/exercises/", "/solutions/" })
        {
            var at = normalized.LastIndexOf(root, StringComparison.Ordinal);
            if (at >= 0) return normalized[(at + 1)..];
        }
        return normalized;
    }
}
