using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TcpKata.Instructor.Grading.Allowlist;

/// <summary>
/// GRADE001: checks every symbol a submission names, and the type of every expression it writes, against the grader's
/// <see cref="ApiAllowlist"/>, in any namespace and however it is reached (a using alias, <c>var</c>, an extension
/// method, a lambda turned into an expression tree). Also refuses what no list entry can express: unsafe code, native
/// code (<c>extern</c>), pointers, finalizers, undocumented keywords, assembly attributes, and types declared outside
/// TcpKata.Exercises (which is how a polyfilled System.Runtime.CompilerServices attribute would get in).
/// </summary>
// Not a compiler extension loaded by a build (those live in analyzers/): the grader runs it on its own compilations.
#pragma warning disable RS1036, RS1041, RS2008
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class AllowlistAnalyzer(ApiAllowlist allowlist) : DiagnosticAnalyzer
{
    public const string RuleId = "GRADE001";

    private const string ExercisesNamespace = "TcpKata.Exercises";

    private static readonly DiagnosticDescriptor Rule = new(RuleId,
        "API not allowed in a graded submission",
        "{0} is not allowed in a graded submission ({1}); the file is graded as its stub",
        "Grading", DiagnosticSeverity.Error, isEnabledByDefault: true);

#pragma warning restore RS1036, RS1041, RS2008

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterSemanticModelAction(Analyze);
    }

    private void Analyze(SemanticModelAnalysisContext context)
    {
        var model = context.SemanticModel;
        var submission = model.Compilation.Assembly;
        var reported = new HashSet<(int Line, string What)>();
        void Report(SyntaxNode node, string what, string why)
        {
            var location = node.GetLocation();
            if (reported.Add((location.GetLineSpan().StartLinePosition.Line, what)))
                context.ReportDiagnostic(Diagnostic.Create(Rule, location, what, why));
        }

        foreach (var node in model.SyntaxTree.GetRoot(context.CancellationToken).DescendantNodesAndSelf())
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (Construct(node) is { } construct)
            {
                Report(node, construct, "the grader runs only safe, managed code");
                continue;
            }
            if (node is BaseNamespaceDeclarationSyntax ns && !InExercises(ns.Name.ToString()))
            {
                Report(ns.Name, "namespace " + ns.Name, $"declare your types in {ExercisesNamespace}");
                continue;
            }
            if (node is not (ExpressionSyntax or AttributeSyntax or ConstructorInitializerSyntax or PrimaryConstructorBaseTypeSyntax)) continue;

            var info = model.GetSymbolInfo(node, context.CancellationToken);
            foreach (var symbol in info.Symbol is { } s ? [s] : info.CandidateSymbols)
            {
                var refused = symbol switch
                {
                    ITypeSymbol type => allowlist.RefusedType(type, submission),
                    IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol => allowlist.RefusedMember(symbol, submission),
                    _ => null,
                };
                if (refused is not null) Report(node, refused, "not on the grader's list of allowed APIs");
            }
            if (node is ExpressionSyntax)
            {
                var typeInfo = model.GetTypeInfo(node, context.CancellationToken);
                // The converted type catches a lambda that becomes an expression tree, and an implicit dynamic.
                foreach (var type in (ITypeSymbol?[])[typeInfo.Type, typeInfo.ConvertedType])
                    if (allowlist.RefusedType(type, submission) is { } refused) Report(node, refused, "a value of a type not on the grader's list of allowed APIs");
            }
        }
    }

    private static bool InExercises(string name) => name == ExercisesNamespace || name.StartsWith(ExercisesNamespace + ".", StringComparison.Ordinal);

    // What the list cannot express, by its syntax.
    private static string? Construct(SyntaxNode node) => node switch
    {
        UnsafeStatementSyntax or FixedStatementSyntax or PointerTypeSyntax => "unsafe code",
        FunctionPointerTypeSyntax => "a function pointer",
        DestructorDeclarationSyntax => "a finalizer",
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.ArgListExpression) => "an undocumented keyword (__arglist, __makeref...)",
        MakeRefExpressionSyntax or RefTypeExpressionSyntax or RefValueExpressionSyntax => "an undocumented keyword (__arglist, __makeref...)",
        AttributeListSyntax { Target.Identifier.RawKind: (int)SyntaxKind.AssemblyKeyword or (int)SyntaxKind.ModuleKeyword } => "an assembly or module attribute",
        MemberDeclarationSyntax member when member.Modifiers.Any(SyntaxKind.ExternKeyword) => "extern (native code)",
        MemberDeclarationSyntax member when member.Modifiers.Any(SyntaxKind.UnsafeKeyword) => "unsafe code",
        LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.ExternKeyword) => "extern (native code)",
        LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.UnsafeKeyword) => "unsafe code",
        _ => null,
    };
}
