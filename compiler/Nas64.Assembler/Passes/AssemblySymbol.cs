using Nas64.Objects;

namespace Nas64.Assembler.Passes;

/// <summary>The assembler's view of a name: its value this pass and last pass, and what the
/// source declared about it (global, extern, common, type and size).</summary>
internal sealed class AssemblySymbol(string name)
{
    public string Name { get; } = name;

    /// <summary>The assembler whose table holds this symbol (null once removed): guards the bindings cached in the syntax tree.</summary>
    public object? Owner { get; set; }

    /// <summary>Value in the current pass, valid when <see cref="DefinedPass"/> is the current pass.</summary>
    public Value Value { get; set; } = Value.Unknown;
    public int DefinedPass { get; set; }

    /// <summary>The last pass whose value differed from the pass before (for the stalled-passes error).</summary>
    public int Moved { get; set; }

    /// <summary>Value at the end of the previous pass (what forward references see).</summary>
    public Value PreviousValue { get; set; } = Value.Unknown;

    public bool IsLabel { get; set; }
    public bool IsEqu { get; set; }
    public SourceLocation DefinedAt { get; set; }
    /// <summary>Where the definition stands in source order (NASM orders .symtab by it).</summary>
    public int Order { get; set; } = int.MaxValue;

    /// <summary>The last layout program build that met this label (see <c>LayoutProgram.Build</c>).</summary>
    public int LayoutBuild { get; set; }

    // What only declared names have (extern, common, global with a type or size) lives in an object of its own, made
    // on the first declaration: a large program's labels are tens of thousands of symbols that never need it.
    private Declaration? _declaration;
    private Declaration Declared => _declaration ??= new Declaration();

    private sealed class Declaration
    {
        public int Order = int.MaxValue;
        public long CommonSize, CommonAlignment;
        public SymbolType Type;
        public SymbolVisibility Visibility;
        public Syntax.Expression? SizeExpression;
        public SourceLocation DeclaredAt;
    }

    /// <summary>Where an extern or common declaration stands in source order.</summary>
    public int DeclarationOrder { get => _declaration?.Order ?? int.MaxValue; set => Declared.Order = value; }

    public bool IsGlobal { get; set; }
    public bool IsWeak { get; set; }
    public bool IsExtern { get; set; }
    public bool IsCommon { get; set; }
    public long CommonSize { get => _declaration?.CommonSize ?? 0; set => Declared.CommonSize = value; }
    public long CommonAlignment { get => _declaration?.CommonAlignment ?? 0; set => Declared.CommonAlignment = value; }
    public SymbolType Type { get => _declaration?.Type ?? default; set => Declared.Type = value; }
    public SymbolVisibility Visibility { get => _declaration?.Visibility ?? default; set => Declared.Visibility = value; }
    public Syntax.Expression? SizeExpression { get => _declaration?.SizeExpression; set => Declared.SizeExpression = value; }
    public SourceLocation DeclaredAt { get => _declaration?.DeclaredAt ?? default; set => Declared.DeclaredAt = value; }

    /// <summary>The object-module symbol, created when something refers to it by name (externs).</summary>
    public Symbol? ObjectSymbol { get; set; }

    public bool IsDefined => DefinedPass > 0;
}
