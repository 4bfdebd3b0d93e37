using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TcpKata.Analyzers;

internal static class OperationExtensions
{
    /// <summary>The operation under any conversions, parentheses and awaits: <c>await s.ReceiveAsync(b)</c> is the receive.</summary>
    public static IOperation WithoutConversionsOrAwait(this IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion: operation = conversion.Operand; break;
                case IParenthesizedOperation parenthesized: operation = parenthesized.Operand; break;
                case IAwaitOperation await: operation = await.Operation; break;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } awaited }: operation = awaited; break;
                default: return operation;
            }
        }
    }

    /// <summary>The nearest ancestor that is not a conversion, parenthesis or await around this operation.</summary>
    public static IOperation? ParentThroughConversionsOrAwait(this IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation or IAwaitOperation
               || parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" })
            parent = parent.Parent;
        return parent;
    }

    /// <summary>The local or parameter this operation reads, if it is just a reference to one.</summary>
    public static ISymbol? ReferencedVariable(this IOperation? operation) =>
        operation?.WithoutConversionsOrAwait() switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };

    /// <summary>The root of the operation tree this operation belongs to (the method body, lambda bodies included).</summary>
    public static IOperation Root(this IOperation operation)
    {
        while (operation.Parent is not null) operation = operation.Parent;
        return operation;
    }

    /// <summary>
    /// Whether <paramref name="test"/> asks "is this zero?" of <paramref name="tested"/>: <c>n == 0</c>, <c>n != 0</c>,
    /// <c>n &gt; 0</c>, <c>n &lt;= 0</c>, <c>n &lt; 1</c>, <c>n &gt;= 1</c>, <c>n is 0</c>, <c>n is &gt; 0</c>, either side.
    /// <paramref name="zeroWhenTrue"/> says which outcome means zero.
    /// </summary>
    public static bool IsZeroTest(this IOperation test, out IOperation tested, out bool zeroWhenTrue)
    {
        tested = test;
        zeroWhenTrue = false;
        switch (test.WithoutConversionsOrAwait())
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not when not.Operand.IsZeroTest(out tested, out var inner):
                zeroWhenTrue = !inner;
                return true;
            case IBinaryOperation binary:
                if (ConstantInt(binary.RightOperand) is { } right)
                {
                    tested = binary.LeftOperand;
                    return ZeroOutcome(binary.OperatorKind, right, out zeroWhenTrue);
                }
                if (ConstantInt(binary.LeftOperand) is { } left)
                {
                    tested = binary.RightOperand;
                    return ZeroOutcome(Mirror(binary.OperatorKind), left, out zeroWhenTrue);
                }
                return false;
            case IIsPatternOperation isPattern:
                tested = isPattern.Value;
                return PatternZeroOutcome(isPattern.Pattern, out zeroWhenTrue);
            default:
                return false;
        }
    }

    private static bool PatternZeroOutcome(IPatternOperation pattern, out bool zeroWhenTrue)
    {
        zeroWhenTrue = false;
        switch (pattern)
        {
            case IConstantPatternOperation constant when ConstantInt(constant.Value) == 0:
                zeroWhenTrue = true;
                return true;
            case IRelationalPatternOperation relational when ConstantInt(relational.Value) is { } value:
                return ZeroOutcome(relational.OperatorKind, value, out zeroWhenTrue);
            case INegatedPatternOperation negated when PatternZeroOutcome(negated.Pattern, out var inner):
                zeroWhenTrue = !inner;
                return true;
            default:
                return false;
        }
    }

    // For "n OP constant" over byte counts (never negative): does a true result mean n == 0, or a false one?
    private static bool ZeroOutcome(BinaryOperatorKind kind, int constant, out bool zeroWhenTrue)
    {
        (var isTest, zeroWhenTrue) = (kind, constant) switch
        {
            (BinaryOperatorKind.Equals, 0) => (true, true),
            (BinaryOperatorKind.LessThanOrEqual, 0) => (true, true),
            (BinaryOperatorKind.LessThan, 1) => (true, true),
            (BinaryOperatorKind.NotEquals, 0) => (true, false),
            (BinaryOperatorKind.GreaterThan, 0) => (true, false),
            (BinaryOperatorKind.GreaterThanOrEqual, 1) => (true, false),
            _ => (false, false),
        };
        return isTest;
    }

    private static BinaryOperatorKind Mirror(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
        BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
        _ => kind,
    };

    private static int? ConstantInt(IOperation operation) =>
        operation.ConstantValue is { HasValue: true, Value: int value } ? value : null;
}
