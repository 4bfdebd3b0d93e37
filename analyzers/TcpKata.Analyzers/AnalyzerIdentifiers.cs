namespace TcpKata.Analyzers;

/// <summary>Every TCPK rule ID, in one place, as NUnit.Analyzers keeps its own.</summary>
public static class AnalyzerIdentifiers
{
    public const string ZeroByteReceiveLeavesConnectionOpen = "TCPK001";
    public const string ReceiveResultUnchecked = "TCPK002";
    public const string UseAfterClose = "TCPK003";
    public const string ConstantInitialSequenceNumber = "TCPK004";
    public const string AckWithoutPlusOne = "TCPK005";
    public const string NondeterministicApi = "TCPK006";
}

/// <summary>Rule categories, as the IDE groups them.</summary>
internal static class Categories
{
    /// <summary>Socket code: TCPK001–003 fire on the kit's sockets and on System.Net.Sockets alike.</summary>
    public const string Connection = "Connection";

    /// <summary>The TCP handlers of exercises 01–05 (the kit's Connection and Segment).</summary>
    public const string Handler = "Handler";

    /// <summary>What keeps a simulation replayable from its seed.</summary>
    public const string Determinism = "Determinism";
}
