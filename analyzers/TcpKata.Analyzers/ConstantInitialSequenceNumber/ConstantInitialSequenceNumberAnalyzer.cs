using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TcpKata.Analyzers;

/// <summary>
/// TCPK004: a handler picks a constant initial sequence number: <c>c.Iss = 1000</c>, <c>c.Iss = new SeqNum(0)</c>,
/// <c>c.Iss = default</c>, or a SYN sent with a constant sequence number. RFC 9293 §3.4.1 and RFC 6528 want an
/// ISN from a clock and a keyed hash; the kit's <c>Connection.NewIsn()</c> computes one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConstantInitialSequenceNumberAnalyzer : TcpKataAnalyzer
{
    internal static readonly DiagnosticDescriptor Descriptor =
        DiagnosticDescriptorCreator.Create(AnalyzerIdentifiers.ConstantInitialSequenceNumber, Categories.Handler);

    private protected override DiagnosticDescriptor Rule => Descriptor;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start)
    {
        if (HandlerApis.Create(start.Compilation) is not { } apis) return;
        start.RegisterOperationAction(operation => AnalyzeAssignment(operation, apis), OperationKind.SimpleAssignment);
        start.RegisterOperationAction(operation => AnalyzeSend(operation, apis), OperationKind.Invocation);
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, HandlerApis apis)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: var property } && apis.IsConnectionMember(property, "Iss")
            && IsConstant(assignment.Value))
            context.ReportDiagnostic(Diagnostic.Create(Descriptor, assignment.Value.Syntax.GetLocation(), assignment.Value.Syntax.ToString()));
    }

    // c.Send(TcpFlags.Syn, 1000): the SYN's sequence number is the ISN.
    private static void AnalyzeSend(OperationAnalysisContext context, HandlerApis apis)
    {
        var send = (IInvocationOperation)context.Operation;
        if (!apis.IsConnectionMember(send.TargetMethod, "Send") || apis.SynFlag is not { } syn) return;
        IArgumentOperation? flags = null, seq = null;
        foreach (var argument in send.Arguments)
        {
            if (argument.Parameter?.Name == "flags") flags = argument;
            if (argument.Parameter?.Name == "seq") seq = argument;
        }
        if (flags?.Value.ConstantValue is { HasValue: true, Value: { } value } && (System.Convert.ToInt64(value) & syn) != 0
            && seq is not null && IsConstant(seq.Value))
            context.ReportDiagnostic(Diagnostic.Create(Descriptor, seq.Value.Syntax.GetLocation(), seq.Value.Syntax.ToString()));
    }

    private static bool IsConstant(IOperation value) =>
        value.WithoutConversionsOrAwait() switch
        {
            { ConstantValue.HasValue: true } => true,
            IDefaultValueOperation => true,
            IObjectCreationOperation creation => creation.Arguments.Length == 0 || creation.Arguments.Length == 1 && IsConstant(creation.Arguments[0].Value),
            _ => false,
        };
}
