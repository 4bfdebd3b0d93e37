using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TcpKata.Analyzers;

/// <summary>
/// What every TCPK analyzer does the same way: one rule, generated code skipped, concurrent execution, and
/// the work registered per compilation so that the APIs it knows are looked up once.
/// </summary>
public abstract class TcpKataAnalyzer : DiagnosticAnalyzer
{
    private protected abstract DiagnosticDescriptor Rule { get; }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private protected abstract void OnCompilationStart(CompilationStartAnalysisContext context);
}
