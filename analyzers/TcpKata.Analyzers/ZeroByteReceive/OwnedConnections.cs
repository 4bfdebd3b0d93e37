using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TcpKata.Analyzers;

/// <summary>
/// The connections one function owns, so must close: locals it gets from Accept or creates, and socket
/// parameters of a function that returns nothing (the handler an accept loop hands each connection to, like
/// exercise 06's ServeAsync). A TcpClient's <c>GetStream()</c> joins its client: closing either closes both.
/// A connection is not this function's to close when it is in a <c>using</c>, or passed on: returned, stored,
/// given to another method, or captured by a lambda.
/// </summary>
internal sealed class OwnedConnections
{
    private readonly Dictionary<ISymbol, ISymbol> _owner = new(SymbolEqualityComparer.Default);

    /// <summary>The variable that names the connection <paramref name="variable"/> belongs to (itself, or the TcpClient of a stream).</summary>
    public ISymbol? ConnectionOf(ISymbol? variable) => variable is not null && _owner.TryGetValue(variable, out var owner) ? owner : null;

    public bool IsEmpty => _owner.Count == 0;

    public static OwnedConnections Find(ControlFlowGraph graph, IMethodSymbol? function, ConnectionApis apis) =>
        Find(graph.OriginalOperation, function, apis);

    /// <summary>The connections <paramref name="body"/> (a function's original operation tree) owns.</summary>
    public static OwnedConnections Find(IOperation body, IMethodSymbol? function, ConnectionApis apis)
    {
        var found = new OwnedConnections();
        var own = body.OwnOperations().ToList();

        if (function is not null && ReturnsNothing(function))
            foreach (var parameter in function.Parameters)
                if (parameter.RefKind == RefKind.None && apis.IsConnectionType(parameter.Type))
                    found._owner[parameter] = parameter;

        foreach (var (variable, value) in Assignments(own))
            if (apis.IsSource(value))
                found._owner[variable] = variable;
        // A stream from client.GetStream() is the client's connection, and "var socket = connection;" another name
        // for it (twice, for chains: after all clients are known).
        for (var pass = 0; pass < 2; pass++)
            foreach (var (variable, value) in Assignments(own))
                if (found.ConnectionOf(apis.IsGetStream(value, out var client) ? client.ReferencedVariable() : value.ReferencedVariable()) is { } owner)
                    found._owner[variable] = owner;

        if (found.IsEmpty) return found;
        var released = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IUsingOperation @using:
                    foreach (var resource in @using.Resources.DescendantsAndSelf())
                        AddOwner(resource.ReferencedVariable() ?? (resource as IVariableDeclaratorOperation)?.Symbol);
                    break;
                case IUsingDeclarationOperation usingDeclaration:
                    foreach (var declarator in usingDeclaration.DeclarationGroup.Declarations.SelectMany(d => d.Declarators))
                        AddOwner(declarator.Symbol);
                    break;
                case ILocalReferenceOperation or IParameterReferenceOperation:
                    if (found.ConnectionOf(operation.ReferencedVariable()) is { } connection && IsPassedOn(operation, body))
                        released.Add(connection);
                    break;
            }
        }
        foreach (var connection in released)
            foreach (var member in found._owner.Where(pair => SymbolEqualityComparer.Default.Equals(pair.Value, connection)).Select(pair => pair.Key).ToList())
                found._owner.Remove(member);
        return found;

        void AddOwner(ISymbol? variable)
        {
            if (found.ConnectionOf(variable) is { } connection) released.Add(connection);
        }
    }

    /// <summary>Each <c>variable = value</c> and <c>var variable = value</c> of a local in the function itself.</summary>
    public static IEnumerable<(ILocalSymbol Variable, IOperation Value)> Assignments(IEnumerable<IOperation> operations)
    {
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator:
                    yield return (declarator.Symbol, value);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    yield return (target.Local, assignment.Value);
                    break;
            }
        }
    }

    // Anything but reading its members, comparing it, assigning to it or giving it another local name hands the
    // connection to someone else, and so does using it inside a nested lambda or local function.
    private static bool IsPassedOn(IOperation reference, IOperation root)
    {
        if (reference.IsInNestedFunction(root)) return true;
        var parent = reference.ParentThroughConversionsOrAwait();
        return parent switch
        {
            IInvocationOperation invocation => !IsInstanceOf(invocation.Instance, reference),
            IMemberReferenceOperation member => !IsInstanceOf(member.Instance, reference),
            IBinaryOperation or IIsPatternOperation or IIsTypeOperation or IExpressionStatementOperation => false,
            ISimpleAssignmentOperation assignment => assignment.Target.WithoutConversionsOrAwait() != reference && assignment.Target is not ILocalReferenceOperation,
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation } => false,
            _ => true,
        };
    }

    private static bool IsInstanceOf(IOperation? instance, IOperation reference) =>
        instance is not null && instance.WithoutConversionsOrAwait() == reference;

    /// <summary>void, Task or ValueTask: a function that cannot tell its caller the peer has closed.</summary>
    public static bool ReturnsNothing(IMethodSymbol function) =>
        function.ReturnsVoid
        || function.ReturnType is INamedTypeSymbol { Name: "Task" or "ValueTask", IsGenericType: false, ContainingNamespace: { } ns }
           && ns.ToDisplayString() == "System.Threading.Tasks";
}
