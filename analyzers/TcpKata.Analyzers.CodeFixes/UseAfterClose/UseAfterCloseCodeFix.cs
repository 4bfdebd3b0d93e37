using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace TcpKata.Analyzers;

/// <summary>
/// TCPK003's fix, offered where it is mechanical: the Close and the later use are statements of the same block,
/// so the Close moves to just after the last statement in that block that uses the connection.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseAfterCloseCodeFix)), Shared]
public sealed class UseAfterCloseCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(AnalyzerIdentifiers.UseAfterClose);

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.AdditionalLocations.FirstOrDefault() is not { } closeLocation) continue;
            var close = root.FindNode(closeLocation.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (close?.Expression is not MemberAccessExpressionSyntax { Expression: var instance }
                || model.GetSymbolInfo(instance, context.CancellationToken).Symbol is not { } connection) continue;
            var closeStatement = close.FirstAncestorOrSelf<ExpressionStatementSyntax>();
            if (closeStatement?.Parent is not BlockSyntax block) continue;

            var uses = block.Statements.Where(s => s != closeStatement && Mentions(s, connection, model)).ToList();
            var last = uses.LastOrDefault();
            var use = root.FindNode(diagnostic.Location.SourceSpan);
            if (last is null || block.Statements.IndexOf(last) < block.Statements.IndexOf(closeStatement)
                || !block.Statements.Any(s => s.Span.Contains(use.Span) && block.Statements.IndexOf(s) > block.Statements.IndexOf(closeStatement)))
                continue;

            context.RegisterCodeFix(CodeAction.Create(CodeFixTitles.Format("TCPK003_Fix_MoveClose", connection.Name), _ =>
            {
                // The Close comes before the last use, so removing it shifts that use up by one: the Close goes where it was.
                var lastIndex = block.Statements.IndexOf(last);
                var statements = block.Statements.Remove(closeStatement).Insert(lastIndex, closeStatement.WithAdditionalAnnotations(Formatter.Annotation));
                return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(block, block.WithStatements(statements))));
            }, equivalenceKey: "TCPK003_MoveClose"), diagnostic);
        }
    }

    private static bool Mentions(SyntaxNode statement, ISymbol connection, SemanticModel model) =>
        statement.DescendantNodes().OfType<IdentifierNameSyntax>().Any(identifier =>
            identifier.Identifier.ValueText == connection.Name
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier).Symbol, connection));
}
