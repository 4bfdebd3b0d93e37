using Microsoft.CodeAnalysis;

namespace TcpKata.Engine;

/// <summary>A TCPK finding as reports show it: plain data, so that it crosses from a compiler process as it is.</summary>
/// <param name="Id">The rule (TCPK001...).</param>
/// <param name="Message">What the rule says, in the current language.</param>
/// <param name="File">The repository-relative file it is in.</param>
/// <param name="Line">Its line, from 1.</param>
/// <param name="Column">Its column, from 1.</param>
/// <param name="Severity">warning, error, info.</param>
public sealed record Finding(string Id, string Message, string File, int Line, int Column, string Severity)
{
    public static Finding Of(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return new Finding(diagnostic.Id, diagnostic.GetMessage(), span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1,
            diagnostic.Severity.ToString().ToLowerInvariant());
    }

    /// <summary>As the compiler writes a diagnostic: file(line,column): severity ID: message.</summary>
    public override string ToString() => $"{File}({Line},{Column}): {Severity} {Id}: {Message}";
}
