using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace TcpKata.Analyzers;

/// <summary>TCPK004's fix for <c>c.Iss = constant</c>: <c>c.Iss = c.NewIsn()</c>, the kit's RFC 6528 ISN.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConstantInitialSequenceNumberCodeFix)), Shared]
public sealed class ConstantInitialSequenceNumberCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(AnalyzerIdentifiers.ConstantInitialSequenceNumber);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var value = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (value.Parent is not AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Expression: var connection } } assignment
                || assignment.Right != value) continue;
            var newIsn = InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, connection.WithoutTrivia(), IdentifierName("NewIsn")))
                .WithTriviaFrom(value);
            context.RegisterCodeFix(CodeAction.Create(CodeFixTitles.Format("TCPK004_Fix_NewIsn"),
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(value, newIsn))),
                equivalenceKey: "TCPK004_NewIsn"), diagnostic);
        }
    }
}
