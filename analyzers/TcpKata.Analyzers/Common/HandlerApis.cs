using System.Linq;
using Microsoft.CodeAnalysis;

namespace TcpKata.Analyzers;

/// <summary>The kit types the handler rules (TCPK004, TCPK005) know, resolved once per compilation.</summary>
internal sealed class HandlerApis
{
    private HandlerApis(INamedTypeSymbol connection, INamedTypeSymbol segment, INamedTypeSymbol? flags)
    {
        Connection = connection;
        Segment = segment;
        SynFlag = flags?.GetMembers("Syn").FirstOrDefault() is IFieldSymbol { HasConstantValue: true } syn ? System.Convert.ToInt64(syn.ConstantValue) : null;
    }

    /// <summary>TcpKata.Connection: the TCB the handlers read and write.</summary>
    public INamedTypeSymbol Connection { get; }

    /// <summary>TcpKata.Segment: what arrived.</summary>
    public INamedTypeSymbol Segment { get; }

    /// <summary>The value of TcpFlags.Syn.</summary>
    public long? SynFlag { get; }

    /// <summary>The APIs, or null outside code that references the kit.</summary>
    public static HandlerApis? Create(Compilation compilation) =>
        compilation.GetTypeByMetadataName("TcpKata.Connection") is { } connection && compilation.GetTypeByMetadataName("TcpKata.Segment") is { } segment
            ? new HandlerApis(connection, segment, compilation.GetTypeByMetadataName("TcpKata.TcpFlags"))
            : null;

    public bool IsConnectionMember(ISymbol? member, string name) =>
        member is not null && member.Name == name && SymbolEqualityComparer.Default.Equals(member.ContainingType, Connection);

    public bool IsSegmentMember(ISymbol? member, string name) =>
        member is not null && member.Name == name && SymbolEqualityComparer.Default.Equals(member.ContainingType, Segment);
}
