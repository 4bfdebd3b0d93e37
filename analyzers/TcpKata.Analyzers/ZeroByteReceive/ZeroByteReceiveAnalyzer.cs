using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TcpKata.Analyzers;

/// <summary>
/// TCPK001: a receive returned 0 (the peer's FIN has arrived) and some path from there leaves the function
/// without closing the connection. The connection then sits in CLOSE_WAIT until the process dies.
/// Flow-sensitive: it follows the control flow graph from the branch where the byte count is zero.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ZeroByteReceiveAnalyzer : TcpKataAnalyzer
{
    internal static readonly DiagnosticDescriptor Descriptor =
        DiagnosticDescriptorCreator.Create(AnalyzerIdentifiers.ZeroByteReceiveLeavesConnectionOpen, Categories.Connection);

    private protected override DiagnosticDescriptor Rule => Descriptor;

    /// <summary>Diagnostic properties the code fix reads.</summary>
    public const string ConnectionProperty = "Connection";
    public const string ZeroWhenTrueProperty = "ZeroWhenTrue";
    public const string CanDeclareWithUsingProperty = "CanDeclareWithUsing";

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start)
    {
        if (ConnectionApis.Create(start.Compilation) is not { } apis) return;
        start.RegisterOperationBlockStartAction(block =>
        {
            // The graph is built only for bodies that receive and may own a connection (they accept or create
            // one, or take one as a parameter): most methods do neither.
            var receives = new Flag();
            var mayOwn = new Flag();
            if (block.OwningSymbol is IMethodSymbol method && HasConnectionParameter(method, apis)) mayOwn.Set();
            block.RegisterOperationAction(operation =>
            {
                switch (operation.Operation)
                {
                    case IInvocationOperation invocation when apis.IsReceive(invocation): receives.Set(); break;
                    case IAnonymousFunctionOperation lambda when HasConnectionParameter(lambda.Symbol, apis): mayOwn.Set(); break;
                    case ILocalFunctionOperation local when HasConnectionParameter(local.Symbol, apis): mayOwn.Set(); break;
                    case var other when apis.IsSource(other): mayOwn.Set(); break;
                }
            }, OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.AnonymousFunction, OperationKind.LocalFunction);
            block.RegisterOperationBlockEndAction(end =>
            {
                if (receives.IsSet && mayOwn.IsSet) Analyze(end, apis);
            });
        });
    }

    private static bool HasConnectionParameter(IMethodSymbol method, ConnectionApis apis) =>
        OwnedConnections.ReturnsNothing(method) && method.Parameters.Any(parameter => apis.IsConnectionType(parameter.Type));

    private static void Analyze(OperationBlockAnalysisContext context, ConnectionApis apis)
    {
        // Most bodies that receive own nothing (the connection is a using's, or passed on): no graph for those.
        // What a body owns is found once, before its graph, and kept for after.
        var found = new Dictionary<IOperation, OwnedConnections>();
        foreach (var (graph, function) in FlowGraphs.AllFunctionGraphs(context, (body, owner) => !(found[body] = OwnedConnections.Find(body, owner, apis)).IsEmpty))
        {
            var owned = found.TryGetValue(graph.OriginalOperation, out var known) ? known : OwnedConnections.Find(graph, function, apis);
            if (owned.IsEmpty) continue;
            var captures = new FlowCaptures(graph);
            var byteCounts = ByteCountVariables(graph, owned, apis, captures);

            foreach (var block in graph.Blocks)
            {
                if (block.BranchValue is not { } condition || block.ConditionKind == ControlFlowConditionKind.None) continue;
                if (!captures.Resolve(condition).IsZeroTest(out var tested, out var zeroWhenTrue)) continue;
                if (ConnectionTested(tested, owned, byteCounts, apis, captures) is not { } connection) continue;
                if (block.BranchWhen(zeroWhenTrue) is not { } zeroPath || !LeavesOpen(graph, zeroPath, connection, owned, apis, captures)) continue;
                context.ReportDiagnostic(Create(condition.Syntax, connection, zeroWhenTrue, graph));
            }
        }
    }

    // n in "n = s.Receive(buffer)": which connection each byte count came from.
    private static Dictionary<ISymbol, ISymbol> ByteCountVariables(ControlFlowGraph graph, OwnedConnections owned, ConnectionApis apis, FlowCaptures captures)
    {
        var counts = new Dictionary<ISymbol, ISymbol>(SymbolEqualityComparer.Default);
        foreach (var block in graph.Blocks)
            foreach (var operation in block.OperationsAndBranch())
                foreach (var node in operation.DescendantsAndSelf())
                    if (node is IInvocationOperation invocation && apis.IsReceive(invocation)
                        && owned.ConnectionOf(captures.Variable(invocation.Instance)) is { } connection
                        && invocation.ParentThroughConversionsOrAwait() is ISimpleAssignmentOperation { Target: ILocalReferenceOperation count })
                        counts[count.Local] = connection;
        return counts;
    }

    private static ISymbol? ConnectionTested(IOperation tested, OwnedConnections owned, Dictionary<ISymbol, ISymbol> byteCounts,
        ConnectionApis apis, FlowCaptures captures)
    {
        var value = captures.Resolve(tested);
        if (value is ISimpleAssignmentOperation assignment)
            value = captures.Resolve(assignment.Value);
        if (value is IInvocationOperation invocation && apis.IsReceive(invocation))
            return owned.ConnectionOf(captures.Variable(invocation.Instance));
        return value.ReferencedVariable() is { } count && byteCounts.TryGetValue(count, out var connection) ? connection : null;
    }

    /// <summary>Whether some path from <paramref name="zeroPath"/> reaches the function's exit without closing the connection.</summary>
    private static bool LeavesOpen(ControlFlowGraph graph, ControlFlowBranch zeroPath, ISymbol connection, OwnedConnections owned, ConnectionApis apis,
        FlowCaptures captures)
    {
        var releasing = new Dictionary<int, bool>();
        bool Releases(BasicBlock block)
        {
            if (!releasing.TryGetValue(block.Ordinal, out var releases))
                releasing[block.Ordinal] = releases = block.OperationsAndBranch().SelectMany(o => o.DescendantsAndSelf())
                    .Any(o => o is IInvocationOperation invocation && apis.IsRelease(invocation)
                              && SymbolEqualityComparer.Default.Equals(owned.ConnectionOf(captures.Variable(invocation.Instance)), connection));
            return releases;
        }

        var visited = new HashSet<int>();
        var pending = new Stack<ControlFlowBranch>();
        pending.Push(zeroPath);
        while (pending.Count > 0)
        {
            var branch = pending.Pop();
            // A finally on the way out (a using, or try/finally) that closes the connection closes it on this path.
            if (branch.FinallyRegions.Any(region => graph.Blocks(region).Any(Releases))) continue;
            if (branch.Destination is not { } next) continue; // a throw: the exception's handler owns the cleanup
            if (next.Kind == BasicBlockKind.Exit) return true;
            if (!visited.Add(next.Ordinal) || Releases(next)) continue;
            foreach (var successor in next.Successors()) pending.Push(successor);
        }
        return false;
    }

    private static Diagnostic Create(SyntaxNode test, ISymbol connection, bool zeroWhenTrue, ControlFlowGraph graph)
    {
        var declarator = connection is ILocalSymbol local ? local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as VariableDeclaratorSyntax : null;
        var canDeclareWithUsing = declarator?.Parent?.Parent is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, Parent: BlockSyntax } statement
                                  && statement.Declaration.Variables.Count == 1
                                  && OwnedConnections.Assignments(graph.OwnOperations()).Count(a => SymbolEqualityComparer.Default.Equals(a.Variable, connection)) == 1;
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(ConnectionProperty, connection.Name)
            .Add(ZeroWhenTrueProperty, zeroWhenTrue ? "true" : "false")
            .Add(CanDeclareWithUsingProperty, canDeclareWithUsing ? "true" : "false");
        var additional = declarator is null ? null : new[] { declarator.GetLocation() };
        return Diagnostic.Create(Descriptor, test.GetLocation(), additional, properties, connection.Name);
    }
}
