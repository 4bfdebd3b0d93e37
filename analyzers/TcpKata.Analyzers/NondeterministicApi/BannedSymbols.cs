using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TcpKata.Analyzers;

/// <summary>
/// BannedSymbols.txt resolved against one compilation: which types and members are banned, and why.
/// The file uses Microsoft.CodeAnalysis.BannedApiAnalyzers' documentation-ID format so that the list reads
/// the same as that analyzer's and can be handed to it, or to a grader, unchanged (apart from our "Name*" shorthand).
/// </summary>
internal sealed class BannedSymbols
{
    private static readonly Lazy<IReadOnlyList<(string Id, string Reason)>> Entries = new(Load);

    private readonly Dictionary<ISymbol, string> _members = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, string> _types = new(SymbolEqualityComparer.Default);

    /// <summary>The embedded list, plus <paramref name="extra"/> lines in the same format (from TcpKata.BannedSymbols.txt).</summary>
    public BannedSymbols(Compilation compilation, IEnumerable<string>? extra = null)
    {
        foreach (var (id, reason) in Entries.Value.Concat(Parse(extra ?? [])))
        {
            if (id.StartsWith("T:", StringComparison.Ordinal))
            {
                if (compilation.GetTypeByMetadataName(id.Substring(2)) is { } type) _types[type] = reason;
            }
            else if (id.EndsWith("*", StringComparison.Ordinal))
            {
                // "M:N.T.Name*": every overload of T.Name.
                var name = id.Substring(2, id.Length - 3);
                var dot = name.LastIndexOf('.');
                if (compilation.GetTypeByMetadataName(name.Substring(0, dot)) is { } type)
                    foreach (var member in type.GetMembers(name.Substring(dot + 1))) _members[member] = reason;
            }
            else
            {
                foreach (var member in DocumentationCommentId.GetSymbolsForDeclarationId(id, compilation)) _members[member] = reason;
            }
        }
    }

    public bool IsEmpty => _members.Count == 0 && _types.Count == 0;

    /// <summary>The reason <paramref name="member"/> (or its type) is banned, or null.</summary>
    public string? ReasonFor(ISymbol member, ITypeSymbol? type = null)
    {
        if (_members.TryGetValue(member.OriginalDefinition, out var reason)) return reason;
        if (member is IMethodSymbol { ReducedFrom: { } extension } && _members.TryGetValue(extension, out reason)) return reason;
        var containing = type ?? member.ContainingType;
        return containing is not null && _types.TryGetValue(containing.OriginalDefinition, out reason) ? reason : null;
    }

    private static IReadOnlyList<(string, string)> Load()
    {
        using var stream = typeof(BannedSymbols).Assembly.GetManifestResourceStream("TcpKata.Analyzers.BannedSymbols.txt")
                           ?? throw new InvalidOperationException("BannedSymbols.txt is not embedded in the analyzer");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return Parse(lines);
    }

    /// <summary>"ID;Reason" lines; blank lines and # comments skipped; a line without a reason is a Sandbox one.</summary>
    private static List<(string, string)> Parse(IEnumerable<string> lines)
    {
        var entries = new List<(string, string)>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal)) continue;
            var parts = line.Split(';');
            entries.Add((parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : "Sandbox"));
        }
        return entries;
    }
}
