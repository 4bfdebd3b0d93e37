using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TcpKata.Analyzers;

/// <summary>
/// TCPK005: RCV.NXT, or the ACK field of a segment sent, is set to the received segment's SEQ unchanged:
/// <c>c.RcvNxt = seg.Seq</c>, <c>c.Send(TcpFlags.Ack, c.SndNxt, seg.Seq)</c>. After a SYN or a FIN that is
/// one short, since each occupies a sequence number (RFC 9293 §3.4); for any other segment it acknowledges
/// nothing, so it is never what a handler means.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AckWithoutPlusOneAnalyzer : TcpKataAnalyzer
{
    internal static readonly DiagnosticDescriptor Descriptor =
        DiagnosticDescriptorCreator.Create(AnalyzerIdentifiers.AckWithoutPlusOne, Categories.Handler);

    private protected override DiagnosticDescriptor Rule => Descriptor;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start)
    {
        if (HandlerApis.Create(start.Compilation) is not { } apis) return;
        start.RegisterOperationAction(operation =>
        {
            var assignment = (ISimpleAssignmentOperation)operation.Operation;
            if (assignment.Target is IPropertyReferenceOperation target && apis.IsConnectionMember(target.Property, "RcvNxt"))
                Check(operation, assignment.Value, apis);
        }, OperationKind.SimpleAssignment);
        start.RegisterOperationAction(operation =>
        {
            var argument = (IArgumentOperation)operation.Operation;
            if (argument.Parameter is { Name: "ack", ContainingSymbol: var method } && apis.IsConnectionMember(method, method.Name))
                Check(operation, argument.Value, apis);
        }, OperationKind.Argument);
    }

    private static void Check(OperationAnalysisContext context, IOperation value, HandlerApis apis)
    {
        if (value.WithoutConversionsOrAwait() is IPropertyReferenceOperation { Property: var property } seq && apis.IsSegmentMember(property, "Seq"))
            context.ReportDiagnostic(Diagnostic.Create(Descriptor, seq.Syntax.GetLocation(), seq.Syntax.ToString()));
    }
}
