using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TcpKata.Analyzers;

/// <summary>Control flow graphs for the flow-sensitive rules, and the small questions they ask of them.</summary>
internal static class FlowGraphs
{
    /// <summary>
    /// The graph of each of the block's executable bodies, then of every local function and lambda inside
    /// them: each function is analyzed on its own, as its own owner of the connections it creates.
    /// </summary>
    /// <param name="context">The operation block.</param>
    /// <param name="worthAGraph">Asked of a body without lambdas or local functions before its graph is built
    /// (the costly part): false skips it.</param>
    public static IEnumerable<(ControlFlowGraph Graph, IMethodSymbol? Function)> AllFunctionGraphs(OperationBlockAnalysisContext context,
        System.Func<IOperation, IMethodSymbol?, bool>? worthAGraph = null)
    {
        // A method's blocks share one graph (its body, or a constructor's initializer and body).
        var graphs = new HashSet<ControlFlowGraph>();
        foreach (var block in context.OperationBlocks)
        {
            if (block is not (IBlockOperation or IMethodBodyOperation or IConstructorBodyOperation
                or IFieldInitializerOperation or IPropertyInitializerOperation))
                continue;
            var body = block.Root();
            var owner = context.OwningSymbol as IMethodSymbol;
            if (worthAGraph is not null && !body.Descendants().Any(o => o is IAnonymousFunctionOperation or ILocalFunctionOperation)
                && !worthAGraph(body, owner))
                continue;
            var root = context.GetControlFlowGraph(block);
            if (!graphs.Add(root)) continue;
            var pending = new Stack<(ControlFlowGraph, IMethodSymbol?)>();
            pending.Push((root, owner));
            while (pending.Count > 0)
            {
                var (graph, function) = pending.Pop();
                yield return (graph, function);
                foreach (var localFunction in graph.LocalFunctions)
                    pending.Push((graph.GetLocalFunctionControlFlowGraph(localFunction), localFunction));
                foreach (var basicBlock in graph.Blocks)
                    foreach (var operation in basicBlock.OperationsAndBranch())
                        foreach (var node in operation.DescendantsAndSelf())
                            if (node is IFlowAnonymousFunctionOperation lambda)
                                pending.Push((graph.GetAnonymousFunctionControlFlowGraph(lambda), lambda.Symbol));
            }
        }
    }

    /// <summary>The block's statements, then the value it branches on.</summary>
    public static IEnumerable<IOperation> OperationsAndBranch(this BasicBlock block)
    {
        foreach (var operation in block.Operations) yield return operation;
        if (block.BranchValue is { } branch) yield return branch;
    }

    /// <summary>Every operation in the function's original tree that is not inside a nested lambda or local function.</summary>
    public static IEnumerable<IOperation> OwnOperations(this ControlFlowGraph graph) => graph.OriginalOperation.OwnOperations();

    /// <summary>Every operation under <paramref name="function"/> that is not inside a nested lambda or local function.</summary>
    public static IEnumerable<IOperation> OwnOperations(this IOperation function)
    {
        var pending = new Stack<IOperation>();
        pending.Push(function);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            yield return operation;
            foreach (var child in operation.ChildOperations)
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                    pending.Push(child);
        }
    }

    /// <summary>Whether <paramref name="operation"/> sits inside a lambda or local function nested in <paramref name="root"/>.</summary>
    public static bool IsInNestedFunction(this IOperation operation, IOperation root)
    {
        for (var node = operation.Parent; node is not null && node != root; node = node.Parent)
            if (node is IAnonymousFunctionOperation or ILocalFunctionOperation) return true;
        return false;
    }

    /// <summary>The successors of a block, with the branch taken to each.</summary>
    public static IEnumerable<ControlFlowBranch> Successors(this BasicBlock block)
    {
        if (block.FallThroughSuccessor is { } fallThrough) yield return fallThrough;
        if (block.ConditionalSuccessor is { } conditional) yield return conditional;
    }

    /// <summary>The branch a block takes when its condition comes out <paramref name="value"/>.</summary>
    public static ControlFlowBranch? BranchWhen(this BasicBlock block, bool value) =>
        block.ConditionKind switch
        {
            ControlFlowConditionKind.WhenTrue => value ? block.ConditionalSuccessor : block.FallThroughSuccessor,
            ControlFlowConditionKind.WhenFalse => value ? block.FallThroughSuccessor : block.ConditionalSuccessor,
            _ => null,
        };

    /// <summary>The blocks of a region (a finally, say), nested regions included.</summary>
    public static IEnumerable<BasicBlock> Blocks(this ControlFlowGraph graph, ControlFlowRegion region)
    {
        for (var i = region.FirstBlockOrdinal; i <= region.LastBlockOrdinal; i++) yield return graph.Blocks[i];
    }
}

/// <summary>
/// What each flow capture in a graph holds: the graph stores <c>s?.Close()</c> or a switch's value in a
/// capture, and the rules want to see through it to the variable.
/// </summary>
internal sealed class FlowCaptures
{
    private readonly Dictionary<CaptureId, IOperation> _values = new();

    public FlowCaptures(ControlFlowGraph graph)
    {
        foreach (var block in graph.Blocks)
            foreach (var operation in block.Operations)
                if (operation is IFlowCaptureOperation capture && !_values.ContainsKey(capture.Id))
                    _values[capture.Id] = capture.Value;
    }

    /// <summary>The operation with conversions, awaits and flow captures looked through.</summary>
    public IOperation Resolve(IOperation operation)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            operation = operation.WithoutConversionsOrAwait();
            if (operation is IFlowCaptureReferenceOperation reference && _values.TryGetValue(reference.Id, out var value))
                operation = value;
            else
                return operation;
        }
        return operation;
    }

    /// <summary>The local or parameter the operation reads, through captures.</summary>
    public ISymbol? Variable(IOperation? operation) => operation is null ? null : Resolve(operation).ReferencedVariable();
}
