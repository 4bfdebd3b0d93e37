using Microsoft.CodeAnalysis;

namespace TcpKata.Instructor.Grading.Allowlist;

/// <summary>
/// The APIs a graded submission may name (TcpKata.AllowedApis.txt): whole namespaces, single types (with their nested
/// types), and refusals inside them. Anything not listed is refused, in any namespace: this is what keeps reflection,
/// interop, files, processes, threads and the console out of a submission, whatever way it names them.
/// </summary>
internal sealed class ApiAllowlist
{
    private readonly HashSet<string> _namespaces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _types = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);

    /// <summary>Names as the list writes them: namespaces and containing types, no generic arity (System.Collections.Generic.List).</summary>
    internal static readonly SymbolDisplayFormat NameFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.None,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.ExpandValueTuple | SymbolDisplayMiscellaneousOptions.ExpandNullable);

    /// <summary>Reads the list: <c>namespace N</c>, <c>type T</c>, <c>refuse T</c> or <c>refuse T.Member</c> per line, # comments.</summary>
    public static ApiAllowlist Parse(string text, string source)
    {
        var list = new ApiAllowlist();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0) continue;
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            var set = parts[0] switch
            {
                "namespace" => list._namespaces,
                "type" => list._types,
                "refuse" => list._refused,
                _ => null,
            };
            if (set is null || parts.Length < 2 || parts[1].Contains(' '))
                throw new FormatException($"{source}:{number}: expected 'namespace N', 'type T' or 'refuse T[.Member]', found '{line}'");
            set.Add(parts[1]);
        }
        return list;
    }

    /// <summary>Why the type may not be named (null when it may): the type, or the first of its parts (element, type argument) that may not.</summary>
    public string? RefusedType(ITypeSymbol? type, IAssemblySymbol submission) => type switch
    {
        null or ITypeParameterSymbol or IErrorTypeSymbol => null,
        IArrayTypeSymbol array => RefusedType(array.ElementType, submission),
        IDynamicTypeSymbol => "dynamic",
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => type.ToDisplayString(),
        INamedTypeSymbol named => RefusedNamed(named, submission),
        _ => type.ToDisplayString(),
    };

    private string? RefusedNamed(INamedTypeSymbol type, IAssemblySymbol submission)
    {
        foreach (var argument in type.TypeArguments)
            if (RefusedType(argument, submission) is { } refused) return refused;
        if (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, submission)) return null;
        var name = type.OriginalDefinition.ToDisplayString(NameFormat);
        if (_refused.Contains(name)) return name;
        if (_types.Contains(name) || _namespaces.Contains(type.ContainingNamespace.ToDisplayString())) return null;
        // A nested type (List's Enumerator) goes with the type it is declared in.
        return type.ContainingType is { } outer && RefusedNamed(outer, submission) is null ? null : name;
    }

    /// <summary>Why the member may not be used (null when it may): its type is refused, or it is refused by name.</summary>
    public string? RefusedMember(ISymbol member, IAssemblySymbol submission)
    {
        if (member is IMethodSymbol { ReducedFrom: { } extension }) member = extension;
        if (SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, submission) || member.ContainingType is null) return null;
        if (RefusedType(member.ContainingType, submission) is { } type) return type;
        var name = member.ContainingType.OriginalDefinition.ToDisplayString(NameFormat) + "." + member.Name;
        if (_refused.Contains(name)) return name;
        if (member is IMethodSymbol method)
            foreach (var argument in method.TypeArguments)
                if (RefusedType(argument, submission) is { } refused) return refused;
        return null;
    }
}
