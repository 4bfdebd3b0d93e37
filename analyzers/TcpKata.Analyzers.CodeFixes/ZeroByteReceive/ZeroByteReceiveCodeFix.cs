using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace TcpKata.Analyzers;

/// <summary>
/// TCPK001's fixes: close the connection where the zero-byte path starts (inside <c>if (n == 0)</c>, or after a
/// <c>while (n &gt; 0)</c> loop), or declare the connection with <c>using</c> so that every path closes it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ZeroByteReceiveCodeFix)), Shared]
public sealed class ZeroByteReceiveCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(AnalyzerIdentifiers.ZeroByteReceiveLeavesConnectionOpen);

    public override FixAllProvider? GetFixAllProvider() => null; // each path needs its own look

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var properties = diagnostic.Properties;
            var name = properties[ZeroByteReceiveAnalyzer.ConnectionProperty]!;
            var zeroWhenTrue = properties[ZeroByteReceiveAnalyzer.ZeroWhenTrueProperty] == "true";
            var condition = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

            if (ZeroPathInsertion(condition, zeroWhenTrue, model) is { } insert)
                context.RegisterCodeFix(CodeAction.Create(CodeFixTitles.Format("TCPK001_Fix_Close", name),
                    token => Task.FromResult(context.Document.WithSyntaxRoot(insert(root, CloseStatement(name)))),
                    equivalenceKey: "TCPK001_Close"), diagnostic);

            if (properties[ZeroByteReceiveAnalyzer.CanDeclareWithUsingProperty] == "true"
                && diagnostic.AdditionalLocations.FirstOrDefault() is { } declaration
                && root.FindNode(declaration.SourceSpan).FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { } statement)
                context.RegisterCodeFix(CodeAction.Create(CodeFixTitles.Format("TCPK001_Fix_Using", name),
                    token => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(statement, WithUsing(statement)))),
                    equivalenceKey: "TCPK001_Using"), diagnostic);
        }
    }

    private static StatementSyntax CloseStatement(string name) =>
        ExpressionStatement(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(name), IdentifierName("Close"))))
            .WithAdditionalAnnotations(Formatter.Annotation);

    private static LocalDeclarationStatementSyntax WithUsing(LocalDeclarationStatementSyntax statement) =>
        statement.WithoutLeadingTrivia()
            .WithUsingKeyword(Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(Space))
            .WithLeadingTrivia(statement.GetLeadingTrivia());

    // Where the zero-byte path begins, as an edit that puts a statement there; null where no single place is right.
    private static System.Func<SyntaxNode, StatementSyntax, SyntaxNode>? ZeroPathInsertion(SyntaxNode condition, bool zeroWhenTrue, SemanticModel model)
    {
        condition = condition is ArgumentSyntax argument ? argument.Expression : condition;
        switch (condition.Parent)
        {
            case IfStatementSyntax ifStatement when ifStatement.Condition == condition:
                if (zeroWhenTrue) return (root, close) => root.ReplaceNode(ifStatement.Statement, Prepend(ifStatement.Statement, close));
                if (ifStatement.Else is { } elseClause) return (root, close) => root.ReplaceNode(elseClause.Statement, Prepend(elseClause.Statement, close));
                // "if (n > 0) { ...; continue; }": the zero path is what follows the if, when the body never falls through.
                return model.AnalyzeControlFlow(ifStatement.Statement) is { Succeeded: true, EndPointIsReachable: false }
                    ? InsertAfter(ifStatement)
                    : null;
            case WhileStatementSyntax loop when loop.Condition == condition && !zeroWhenTrue:
                return InsertAfter(loop);
            case DoStatementSyntax loop when loop.Condition == condition && !zeroWhenTrue:
                return InsertAfter(loop);
            case ForStatementSyntax loop when loop.Condition == condition && !zeroWhenTrue:
                return InsertAfter(loop);
            default:
                return null;
        }
    }

    private static System.Func<SyntaxNode, StatementSyntax, SyntaxNode>? InsertAfter(StatementSyntax statement) =>
        statement.Parent is BlockSyntax ? (root, close) => root.InsertNodesAfter(statement, new[] { close }) : null;

    private static BlockSyntax Prepend(StatementSyntax statement, StatementSyntax close) =>
        statement is BlockSyntax block
            ? block.WithStatements(block.Statements.Insert(0, close))
            : Block(close, statement.WithoutTrivia()).WithTrailingTrivia(statement.GetTrailingTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
}
