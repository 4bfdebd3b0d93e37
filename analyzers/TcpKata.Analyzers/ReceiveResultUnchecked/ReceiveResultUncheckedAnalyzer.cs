using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TcpKata.Analyzers;

/// <summary>
/// TCPK002: the byte count of a receive is thrown away, or kept in a variable that is never compared with 0,
/// so the peer's FIN (a receive of 0) goes unnoticed. Returning the count, or storing it outside the method,
/// leaves the check to someone else and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReceiveResultUncheckedAnalyzer : TcpKataAnalyzer
{
    internal static readonly DiagnosticDescriptor Descriptor =
        DiagnosticDescriptorCreator.Create(AnalyzerIdentifiers.ReceiveResultUnchecked, Categories.Connection);

    private protected override DiagnosticDescriptor Rule => Descriptor;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start)
    {
        if (ConnectionApis.Create(start.Compilation) is not { } apis) return;
        start.RegisterOperationAction(operation => Analyze(operation, apis), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, ConnectionApis apis)
    {
        var receive = (IInvocationOperation)context.Operation;
        if (!apis.IsReceive(receive) || !IsConnectionReceive(receive, apis)) return;
        if (IsChecked(receive)) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptor, receive.Syntax.GetLocation(), receive.TargetMethod.Name));
    }

    // Socket and TcpSocket receives always are; a Stream read is when the stream is a NetworkStream or came from GetStream().
    private static bool IsConnectionReceive(IInvocationOperation receive, ConnectionApis apis)
    {
        if (receive.TargetMethod.Name is "Receive" or "ReceiveAsync" || apis.IsNetworkStreamRead(receive)) return true;
        var stream = receive.Instance.ReferencedVariable();
        return stream is not null && receive.Root().DescendantsAndSelf().Any(operation =>
            operation switch
            {
                IVariableDeclaratorOperation { Initializer.Value: { } value } declarator => SymbolEqualityComparer.Default.Equals(declarator.Symbol, stream) && apis.IsGetStream(value, out _),
                ISimpleAssignmentOperation assignment => SymbolEqualityComparer.Default.Equals(assignment.Target.ReferencedVariable(), stream) && apis.IsGetStream(assignment.Value, out _),
                _ => false,
            });
    }

    private static bool IsChecked(IInvocationOperation receive)
    {
        switch (receive.ParentThroughConversionsOrAwait())
        {
            case IReturnOperation:
                return true; // the caller's to check
            case { } parent when parent.IsZeroTest(out var tested, out _) && tested.WithoutConversionsOrAwait() == receive:
                return true;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return IsComparedWithZero(declarator.Symbol, receive.Root());
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local }:
                return IsComparedWithZero(local.Local, receive.Root());
            case ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } }:
                return true; // stored for someone else
            default:
                return false; // discarded, summed, passed on unchecked
        }
    }

    private static bool IsComparedWithZero(ILocalSymbol count, IOperation root) =>
        root.DescendantsAndSelf().Any(operation => operation switch
        {
            IReturnOperation { ReturnedValue: { } value } => Is(value, count),
            ISwitchOperation @switch => Is(@switch.Value, count) && @switch.Cases.Any(c => c.Clauses.Any(IsZeroClause)),
            ISwitchExpressionOperation @switch => Is(@switch.Value, count) && @switch.Arms.Any(arm => IsZeroPattern(arm.Pattern)),
            _ => operation.IsZeroTest(out var tested, out _) && Is(tested, count),
        });

    // The count itself, or "count = ..." compared in place as in "while ((n = s.Receive(b)) > 0)".
    private static bool Is(IOperation operation, ILocalSymbol count)
    {
        var value = operation.WithoutConversionsOrAwait();
        if (value is ISimpleAssignmentOperation assignment) value = assignment.Target;
        return SymbolEqualityComparer.Default.Equals(value.ReferencedVariable(), count);
    }

    private static bool IsZeroClause(ICaseClauseOperation clause) => clause switch
    {
        ISingleValueCaseClauseOperation single => single.Value.ConstantValue is { HasValue: true, Value: 0 },
        IPatternCaseClauseOperation pattern => IsZeroPattern(pattern.Pattern),
        _ => false,
    };

    private static bool IsZeroPattern(IPatternOperation pattern) =>
        pattern is IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: 0 } }
            or IRelationalPatternOperation { Value.ConstantValue: { HasValue: true, Value: 0 or 1 } };
}
