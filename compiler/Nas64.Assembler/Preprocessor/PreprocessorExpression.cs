using Nas64.Assembler.Passes;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Preprocessor;

/// <summary>Evaluates %if/%assign/%rep expressions with the assembler's own expression parser and
/// evaluator; at preprocessing time there are no labels, so any remaining name is an error.</summary>
internal sealed class PreprocessorExpression : IEvaluationContext
{
    public static readonly PreprocessorExpression Instance = new();

    public Value Here => throw new EvaluationException("`$' is not allowed in a preprocessor expression");

    public Value SectionStart => throw new EvaluationException("`$$' is not allowed in a preprocessor expression");

    public Value Resolve(string name) =>
        throw new EvaluationException($"symbol `{name}' is not defined before use in a preprocessor expression");

    /// <summary>Evaluates <paramref name="text"/>; returns null with <paramref name="error"/> set on failure.</summary>
    /// <param name="warnings">Receives nasm's warning for each number that does not fit in 64 bits.</param>
    public static long? Evaluate(string text, out string? error, long evalLimit = 8192, List<string>? warnings = null)
    {
        var tokens = Lexer.Tokenize(text, out error);
        if (error is not null) return null;
        if (warnings is not null)
            foreach (var token in tokens)
                if (token.Kind == TokenKind.Number && token.Overflow)
                    warnings.Add($"numeric constant {token.Text(text)} does not fit in 64 bits [-w+number-overflow]");
        try
        {
            var parser = new ExpressionParser(text, tokens, 0, n => n) { DescentLimit = evalLimit };
            var expression = parser.Parse();
            if (parser.Current.Kind != TokenKind.End)
            {
                error = $"expression syntax error: unexpected `{parser.Current.Text(text)}'";
                return null;
            }
            var value = Evaluator.Evaluate(expression, Instance);
            if (!value.Known || !value.IsScalar)
            {
                error = "expression is not a constant";
                return null;
            }
            return value.Number;
        }
        catch (SyntaxException e) { error = e.Message; }
        catch (EvaluationException e) { error = e.Message; }
        return null;
    }
}
