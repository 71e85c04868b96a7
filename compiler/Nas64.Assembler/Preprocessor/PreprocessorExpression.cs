using Nas64.Assembler.Passes;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Preprocessor;

/// <summary>Evaluates %if/%assign/%rep expressions with the assembler's own expression parser and
/// evaluator; at preprocessing time there are no labels, so any remaining name is an error. With -E (nasm's
/// preprocess-only mode) each symbol, `$` and `$$` is reported and the value is not constant, as nasm reports them.</summary>
internal sealed class PreprocessorExpression(List<string>? preprocessOnlyErrors) : IEvaluationContext
{
    public static readonly PreprocessorExpression Instance = new(null);

    /// <summary>The error of an expression whose value is not a constant; the caller names its directive
    /// (nasm: "non-constant value given to `%if'").</summary>
    public const string NonConstant = "non-constant value";

    public Value Here => NotSupported("`$'");

    public Value SectionStart => NotSupported("`$$'");

    public Value Resolve(string name) =>
        preprocessOnlyErrors is null ? throw new EvaluationException($"symbol `{name}' not defined before use") : NotSupported("symbol references");

    private Value NotSupported(string what)
    {
        preprocessOnlyErrors?.Add($"{what} not supported in preprocess-only mode");
        return Value.Unknown;
    }

    /// <summary>Evaluates <paramref name="text"/>; returns null with <paramref name="error"/> set on failure.</summary>
    /// <param name="warnings">Receives nasm's warning for each number that does not fit in 64 bits, and for text after the expression.</param>
    /// <param name="preprocessOnlyErrors">With -E: receives nasm's error for each symbol, `$` and `$$`, which have no value then.</param>
    public static long? Evaluate(string text, out string? error, long evalLimit = 8192, List<string>? warnings = null, List<string>? preprocessOnlyErrors = null)
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
            // nasm evaluates the expression at the start of the text and warns about the rest.
            if (parser.Current.Kind != TokenKind.End) warnings?.Add("trailing garbage after expression ignored [-w+pp-trailing]");
            var value = Evaluator.Evaluate(expression, preprocessOnlyErrors is null ? Instance : new PreprocessorExpression(preprocessOnlyErrors));
            if (!value.Known || !value.IsScalar)
            {
                error = NonConstant;
                return null;
            }
            return value.Number;
        }
        catch (SyntaxException e) { error = e.Message; }
        catch (EvaluationException e) { error = e.Message; }
        return null;
    }
}
