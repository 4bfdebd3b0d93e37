using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TcpKata.Analyzers;

/// <summary>
/// The socket APIs the connection rules (TCPK001–003) know, resolved once per compilation: the kit's
/// <c>TcpKata.TcpSocket</c> and System.Net.Sockets' <c>Socket</c>, <c>TcpClient</c>, <c>TcpListener</c> and
/// <c>NetworkStream</c>. A compilation that references none of them costs one lookup per type.
/// </summary>
internal sealed class ConnectionApis
{
    private readonly INamedTypeSymbol? _kitSocket;
    private readonly INamedTypeSymbol? _socket;
    private readonly INamedTypeSymbol? _tcpClient;
    private readonly INamedTypeSymbol? _tcpListener;
    private readonly INamedTypeSymbol? _networkStream;
    private readonly INamedTypeSymbol? _stream;
    private readonly INamedTypeSymbol? _task;
    private readonly INamedTypeSymbol? _valueTask;

    private ConnectionApis(Compilation compilation)
    {
        _kitSocket = compilation.GetTypeByMetadataName("TcpKata.TcpSocket");
        _socket = compilation.GetTypeByMetadataName("System.Net.Sockets.Socket");
        _tcpClient = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpClient");
        _tcpListener = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpListener");
        _networkStream = compilation.GetTypeByMetadataName("System.Net.Sockets.NetworkStream");
        _stream = compilation.GetTypeByMetadataName("System.IO.Stream");
        _task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        _valueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
    }

    /// <summary>The APIs, or null when the compilation has no socket type at all (nothing to analyze).</summary>
    public static ConnectionApis? Create(Compilation compilation)
    {
        var apis = new ConnectionApis(compilation);
        return apis._kitSocket is null && apis._socket is null ? null : apis;
    }

    /// <summary>A type whose instance is one end of a connection and must be closed: a socket, a TcpClient, a NetworkStream.</summary>
    public bool IsConnectionType(ITypeSymbol? type) =>
        type is not null && (IsOrDerives(type, _kitSocket) || IsOrDerives(type, _socket) || IsOrDerives(type, _tcpClient) || IsOrDerives(type, _networkStream));

    /// <summary>
    /// A receive whose result is the number of bytes read, 0 meaning the peer's FIN: Receive/ReceiveAsync on
    /// the kit's socket or on Socket (the overloads returning int, Task&lt;int&gt; or ValueTask&lt;int&gt;),
    /// Read/ReadAsync on a Stream. Whether that stream is a connection is the caller's question
    /// (<see cref="IsNetworkStreamRead"/>).
    /// </summary>
    public bool IsReceive(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.IsStatic || !ReturnsByteCount(method)) return false;
        return method.Name switch
        {
            "Receive" or "ReceiveAsync" => IsOrDerives(method.ContainingType, _kitSocket) || IsOrDerives(method.ContainingType, _socket),
            "Read" or "ReadAsync" => IsOrDerives(method.ContainingType, _stream),
            _ => false,
        };
    }

    /// <summary>A Read/ReadAsync whose stream is, by its static type, a NetworkStream.</summary>
    public bool IsNetworkStreamRead(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name is "Read" or "ReadAsync" && invocation.Instance?.Type is { } type && IsOrDerives(type, _networkStream);

    /// <summary>Close, Dispose or DisposeAsync on a connection: after it the connection is released.</summary>
    public bool IsRelease(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name is "Close" or "Dispose" or "DisposeAsync" && invocation.TargetMethod.Parameters.Length == 0
        && invocation.Instance is not null && IsConnectionType(invocation.Instance.WithoutConversionsOrAwait().Type);

    /// <summary>
    /// An expression that yields a connection this method now owns: Accept/AcceptAsync, TcpListener's
    /// AcceptSocket(Async)/AcceptTcpClient(Async), or a newly created Socket, TcpClient or NetworkStream.
    /// </summary>
    public bool IsSource(IOperation value)
    {
        value = value.WithoutConversionsOrAwait();
        switch (value)
        {
            case IObjectCreationOperation creation:
                return IsConnectionType(creation.Type);
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                var type = method.ContainingType;
                return method.Name switch
                {
                    "Accept" or "AcceptAsync" => (IsOrDerives(type, _kitSocket) || IsOrDerives(type, _socket)) && ReturnsConnection(method),
                    "AcceptSocket" or "AcceptSocketAsync" or "AcceptTcpClient" or "AcceptTcpClientAsync" => IsOrDerives(type, _tcpListener),
                    _ => false,
                };
            default:
                return false;
        }
    }

    /// <summary><c>client.GetStream()</c>: the stream closes the TcpClient's socket with it, so the two are one connection.</summary>
    public bool IsGetStream(IOperation value, out IOperation? client)
    {
        client = null;
        if (value.WithoutConversionsOrAwait() is IInvocationOperation { TargetMethod.Name: "GetStream", Instance: { } instance }
            && IsOrDerives(instance.Type, _tcpClient))
        {
            client = instance;
            return true;
        }
        return false;
    }

    private bool ReturnsConnection(IMethodSymbol method) => IsConnectionType(Unwrap(method.ReturnType));

    private bool ReturnsByteCount(IMethodSymbol method) => Unwrap(method.ReturnType)?.SpecialType == SpecialType.System_Int32;

    private ITypeSymbol? Unwrap(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true } named
        && (IsOrDerives(named.OriginalDefinition, _task) || IsOrDerives(named.OriginalDefinition, _valueTask))
            ? named.TypeArguments[0]
            : type;

    private static bool IsOrDerives(ITypeSymbol? type, INamedTypeSymbol? known)
    {
        if (known is null) return false;
        for (var t = type; t is not null; t = t.BaseType)
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, known)) return true;
        return false;
    }
}
