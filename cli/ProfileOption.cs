using System.CommandLine;

namespace TcpKata.Cli;

/// <summary><c>--profile rfc|linux|linux-5</c>: which TCP the local host behaves like (<see cref="TcpProfile"/>).</summary>
internal static class ProfileOption
{
    public static Option<TcpProfile> Create() => new("--profile")
    {
        Description = "which TCP to behave like: " + string.Join("; ", TcpProfile.All.Select(p => $"{p.Name} ({p.Models})")) + " (default: rfc)",
        DefaultValueFactory = _ => TcpProfile.Rfc,
        CustomParser = result =>
        {
            var name = result.Tokens.Single().Value;
            if (TcpProfile.Find(name) is { } found) return found;
            result.AddError($"unknown profile '{name}': {string.Join(", ", TcpProfile.All.Select(p => p.Name))}");
            return TcpProfile.Rfc;
        },
    };
}
