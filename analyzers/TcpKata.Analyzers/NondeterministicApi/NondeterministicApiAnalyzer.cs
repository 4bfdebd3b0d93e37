using System;
using System.IO;
using System.Linq;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TcpKata.Analyzers;

/// <summary>
/// TCPK006: exercise code (namespace TcpKata.Exercises) calls an API that breaks replay from the seed: the wall
/// clock, sleeping, threads and timers, unseeded randomness, real sockets. The list is BannedSymbols.txt.
/// Our own rule rather than BannedApiAnalyzers' RS0030 so that it has an ID, a page, a 繁體中文 message and
/// the kit's replacement for each API, and applies to exercise code only.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NondeterministicApiAnalyzer : TcpKataAnalyzer
{
    internal static readonly DiagnosticDescriptor Descriptor =
        DiagnosticDescriptorCreator.Create(AnalyzerIdentifiers.NondeterministicApi, Categories.Determinism);

    private protected override DiagnosticDescriptor Rule => Descriptor;

    /// <summary>The namespace of the exercises (and of their reference solutions).</summary>
    public const string ExerciseNamespace = "TcpKata.Exercises";

    /// <summary>An additional file of this name adds entries (same format as BannedSymbols.txt) to the list.</summary>
    public const string ExtraBannedSymbolsFile = "TcpKata.BannedSymbols.txt";

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start)
    {
        // A project (or the grader) may ban more in an additional file named TcpKata.BannedSymbols.txt.
        var extra = start.Options.AdditionalFiles.Where(f => Path.GetFileName(f.Path) == ExtraBannedSymbolsFile)
            .SelectMany(f => f.GetText(start.CancellationToken)?.Lines.Select(l => l.ToString()) ?? []);
        var banned = new BannedSymbols(start.Compilation, extra);
        if (banned.IsEmpty) return;
        start.RegisterSymbolStartAction(type =>
        {
            if (!IsExerciseCode(type.Symbol)) return;
            type.RegisterOperationAction(operation => Analyze(operation, banned),
                OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.PropertyReference,
                OperationKind.FieldReference, OperationKind.MethodReference, OperationKind.EventReference);
        }, SymbolKind.NamedType);
    }

    private static void Analyze(OperationAnalysisContext context, BannedSymbols banned)
    {
        var (member, type) = context.Operation switch
        {
            IInvocationOperation invocation => ((ISymbol?)invocation.TargetMethod, (ITypeSymbol?)null),
            IObjectCreationOperation creation => (creation.Constructor, creation.Type),
            IMemberReferenceOperation reference => (reference.Member, null),
            _ => (null, null),
        };
        if (member is null || banned.ReasonFor(member, type) is not { } reason) return;
        var name = type is not null && member is IMethodSymbol { MethodKind: MethodKind.Constructor }
            ? "new " + type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)
            : member.ContainingType.Name + "." + member.Name;
        context.ReportDiagnostic(Diagnostic.Create(Descriptor, context.Operation.Syntax.GetLocation(), name,
            DiagnosticDescriptorCreator.Localizable("TCPK006_Reason_" + reason)));
    }

    private static bool IsExerciseCode(ISymbol symbol)
    {
        var ns = symbol.ContainingNamespace?.ToDisplayString() ?? "";
        return ns == ExerciseNamespace || ns.StartsWith(ExerciseNamespace + ".", StringComparison.Ordinal);
    }
}
