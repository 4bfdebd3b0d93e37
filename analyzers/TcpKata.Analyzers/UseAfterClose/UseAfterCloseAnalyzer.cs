using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TcpKata.Analyzers;

/// <summary>
/// TCPK003: a connection is used after Close or Dispose on some path. Follows the control flow graph forward
/// from each Close/Dispose until the variable is assigned a new connection; a second Close or Dispose, and
/// reading Connected or State, are fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UseAfterCloseAnalyzer : TcpKataAnalyzer
{
    internal static readonly DiagnosticDescriptor Descriptor =
        DiagnosticDescriptorCreator.Create(AnalyzerIdentifiers.UseAfterClose, Categories.Connection);

    private protected override DiagnosticDescriptor Rule => Descriptor;

    public const string ConnectionProperty = "Connection";

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start)
    {
        if (ConnectionApis.Create(start.Compilation) is not { } apis) return;
        start.RegisterOperationBlockStartAction(block =>
        {
            var seen = new Flag();
            block.RegisterOperationAction(operation =>
            {
                if (apis.IsRelease((IInvocationOperation)operation.Operation)) seen.Set();
            }, OperationKind.Invocation);
            block.RegisterOperationBlockEndAction(end =>
            {
                if (seen.IsSet) Analyze(end, apis);
            });
        });
    }

    private static void Analyze(OperationBlockAnalysisContext context, ConnectionApis apis)
    {
        var reported = new HashSet<SyntaxNode>();
        foreach (var (graph, _) in FlowGraphs.AllFunctionGraphs(context))
        {
            var captures = new FlowCaptures(graph);
            foreach (var block in graph.Blocks)
            {
                var operations = block.OperationsAndBranch().ToList();
                for (var i = 0; i < operations.Count; i++)
                {
                    foreach (var close in operations[i].DescendantsAndSelf().OfType<IInvocationOperation>())
                    {
                        if (!apis.IsRelease(close) || captures.Variable(close.Instance) is not { } connection) continue;
                        var search = new UseSearch(graph, connection, captures);
                        foreach (var use in search.UsesAfter(block, i + 1))
                        {
                            if (!reported.Add(use.Syntax)) continue;
                            var line = close.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                            context.ReportDiagnostic(Diagnostic.Create(Descriptor, use.Syntax.GetLocation(), new[] { close.Syntax.GetLocation() },
                                ImmutableDictionary<string, string?>.Empty.Add(ConnectionProperty, connection.Name), connection.Name, line));
                        }
                    }
                }
            }
        }
    }

    private sealed class UseSearch(ControlFlowGraph graph, ISymbol connection, FlowCaptures captures)
    {
        /// <summary>Uses reachable from operation <paramref name="start"/> of <paramref name="block"/> before the variable is reassigned.</summary>
        public IEnumerable<IOperation> UsesAfter(BasicBlock block, int start)
        {
            var uses = new List<IOperation>();
            var visited = new HashSet<int>();
            var pending = new Stack<(BasicBlock Block, int Start)>();
            pending.Push((block, start));
            while (pending.Count > 0)
            {
                var (current, from) = pending.Pop();
                if (!Scan(current.OperationsAndBranch().Skip(from), uses)) continue;
                foreach (var branch in current.Successors())
                {
                    var reassigned = false;
                    foreach (var region in branch.FinallyRegions)
                        reassigned |= !Scan(graph.Blocks(region).SelectMany(b => b.OperationsAndBranch()), uses);
                    if (!reassigned && branch.Destination is { Kind: not BasicBlockKind.Exit } next && visited.Add(next.Ordinal))
                        pending.Push((next, 0));
                }
            }
            return uses;
        }

        // Collects uses in order; false when the variable gets a new value (the path ends there).
        private bool Scan(IEnumerable<IOperation> operations, List<IOperation> uses)
        {
            foreach (var operation in operations)
            {
                foreach (var node in operation.DescendantsAndSelf())
                {
                    if (node is ISimpleAssignmentOperation assignment && Is(assignment.Target)) return false;
                    if (IsUse(node)) uses.Add(node);
                }
            }
            return true;
        }

        private bool IsUse(IOperation node) => node switch
        {
            IInvocationOperation invocation => invocation.TargetMethod.Name is not ("Close" or "Dispose" or "DisposeAsync") && Is(invocation.Instance),
            IPropertyReferenceOperation property => property.Property.Name is not ("Connected" or "State") && Is(property.Instance),
            _ => false,
        };

        private bool Is(IOperation? operation) => operation is not null && SymbolEqualityComparer.Default.Equals(captures.Variable(operation), connection);
    }
}
