namespace Nas64.Assembler.Syntax;

/// <summary>
/// struc/endstruc/istruc/at/iend. NASM defines them as standard macros (standard.mac); the parser
/// expands them into the statements those macros produce, with the same label names, so a struc
/// assembles to NASM's bytes and symbols.
/// </summary>
public sealed partial class Parser
{
    private readonly Stack<StrucContext> _strucs = new();

    /// <summary>The last user-level `section' or `absolute': what NASM's __?SECT?__ re-issues after endstruc.</summary>
    private DirectiveStatement? _lastUserSection;

    private bool _rawDirective;
    private int _uniqueCounter;

    /// <summary>NASM's context/macro counter, which numbers ..@N labels such as istruc's ..@N.strucstart.
    /// Every standard-macro directive advances it; a preprocessor that expands macros keeps it in step.</summary>
    public int UniqueCounter
    {
        get => _uniqueCounter;
        set => _uniqueCounter = value;
    }

    private sealed record StrucContext(string Name, string? StartLabel);

    private bool TryParseStruc(string name)
    {
        switch (name)
        {
            case "struc": ParseStruc(); return true;
            case "endstruc": ParseEndStruc(); return true;
            case "istruc": ParseIStruc(); return true;
            case "at": ParseAt(); return true;
            case "iend": ParseIEnd(); return true;
            default: return false;
        }
    }

    /// <summary>struc NAME[, offset]: [absolute offset], then NAME: as an ordinary label.</summary>
    private void ParseStruc()
    {
        _position++;
        string name = ExpectName("struc");
        Expression offset = new NumberExpression(0);
        if (Current.Kind == TokenKind.Comma)
        {
            _position++;
            offset = ParseExpression();
        }
        ExpectEnd();
        _uniqueCounter++;   // %push
        string label = DefineLabelName(name);
        _strucs.Push(new StrucContext(label, null));
        Add(new DirectiveStatement("absolute", "") { Location = _location, Parsed = offset });
        Add(new LabelStatement(label) { Location = _location });
    }

    /// <summary>endstruc: NAME_size equ ($ - NAME), then back to the section __?SECT?__ names.</summary>
    private void ParseEndStruc()
    {
        _position++;
        ExpectNoParameters();
        if (!_strucs.TryPeek(out var context) || context.StartLabel is not null)
            throw new SyntaxException("`endstruc' without a matching `struc'");
        _strucs.Pop();
        Add(new EquStatement(context.Name + "_size",
            new BinaryExpression(BinaryOperator.Subtract, HereExpression.Instance, new SymbolExpression(context.Name))) { Location = _location });
        var restore = _lastUserSection;
        Add(restore is null
            ? new DirectiveStatement("section", ".text") { Location = _location, Parsed = new SectionDirective(".text", []) }
            : new DirectiveStatement(restore.Name, restore.Arguments) { Location = _location, Parsed = restore.Parsed });
    }

    /// <summary>istruc NAME: a ..@N.strucstart label marks where the instance begins.</summary>
    private void ParseIStruc()
    {
        _position++;
        string name = QualifyName(ExpectName("istruc"));
        ExpectEnd();
        string start = $"..@{_uniqueCounter++}.strucstart";
        _strucs.Push(new StrucContext(name, start));
        Add(new LabelStatement(start) { Location = _location });
    }

    /// <summary>at FIELD[, data]: zero bytes up to the field's offset, then the data.</summary>
    private void ParseAt()
    {
        _position++;
        var context = CurrentInstance("at");
        var field = ParseExpression();
        var fieldOffset = new BinaryExpression(BinaryOperator.Subtract, field, new SymbolExpression(context.Name));
        AddZeroFill(fieldOffset, context);
        if (Current.Kind == TokenKind.Comma)
        {
            _position++;
            if (Current.Kind == TokenKind.End) return;
            var body = ParseBody();
            if (body is not null) Add(body);
            return;
        }
        ExpectEnd();
    }

    /// <summary>iend: zero bytes up to NAME_size.</summary>
    private void ParseIEnd()
    {
        _position++;
        ExpectNoParameters();
        var context = CurrentInstance("iend");
        AddZeroFill(new SymbolExpression(context.Name + "_size"), context);
        _strucs.Pop();
    }

    private StrucContext CurrentInstance(string directive) =>
        _strucs.TryPeek(out var context) && context.StartLabel is not null
            ? context
            : throw new SyntaxException($"`{directive}' outside an `istruc' block");

    /// <summary>times (target - ($ - start)) db 0.</summary>
    private void AddZeroFill(Expression target, StrucContext context)
    {
        var written = new BinaryExpression(BinaryOperator.Subtract, HereExpression.Instance, new SymbolExpression(context.StartLabel!));
        var zero = new DataStatement(1, [new DataItem(DataItemKind.Expression, new NumberExpression(0))]) { Location = _location };
        Add(new TimesStatement(new BinaryExpression(BinaryOperator.Subtract, target, written), zero) { Location = _location });
    }

    private string ExpectName(string directive)
    {
        if (Current.Kind != TokenKind.Identifier) throw new SyntaxException($"`{directive}' expects a structure name");
        string name = TextOf(Current);
        _position++;
        return name[0] == '$' ? name[1..] : name;
    }
}
