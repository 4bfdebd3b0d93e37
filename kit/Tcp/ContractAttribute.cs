namespace TcpKata;

/// <summary>
/// A handler's contract, written once: when the kit calls it, what it must do, and what to read. The stub's
/// "not implemented yet" message is made from it (<see cref="Kata.NotImplemented(object, string, string, int)"/>),
/// and tests keep the stubs' doc comments and the exercise READMEs' tables in step with it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ContractAttribute(string when, string task, string read) : Attribute
{
    /// <summary>The event and the state the connection is in: "the app called Connect; c is in CLOSED".</summary>
    public string When { get; } = when;

    /// <summary>What the handler must do, in TCP's words.</summary>
    public string Task { get; } = task;

    /// <summary>The RFC section (or other source) that says so.</summary>
    public string Read { get; } = read;

    /// <summary>The contract of the handler method <paramref name="member"/> that <paramref name="handler"/>'s type implements, if any.</summary>
    public static ContractAttribute? Of(Type handler, string member) =>
        handler.GetInterfaces()
            .Select(i => i.GetMethod(member))
            .Select(m => m?.GetCustomAttributes(typeof(ContractAttribute), inherit: false).OfType<ContractAttribute>().FirstOrDefault())
            .FirstOrDefault(c => c is not null);
}
