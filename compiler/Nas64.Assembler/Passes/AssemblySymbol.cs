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

    /// <summary>Where an extern or common declaration stands in source order.</summary>
    public int DeclarationOrder { get; set; } = int.MaxValue;

    public bool IsGlobal { get; set; }
    public bool IsWeak { get; set; }
    public bool IsExtern { get; set; }
    public bool IsCommon { get; set; }
    public long CommonSize { get; set; }
    public long CommonAlignment { get; set; }
    public SymbolType Type { get; set; }
    public SymbolVisibility Visibility { get; set; }
    public Syntax.Expression? SizeExpression { get; set; }
    public SourceLocation DeclaredAt { get; set; }

    /// <summary>The object-module symbol, created when something refers to it by name (externs).</summary>
    public Symbol? ObjectSymbol { get; set; }

    public bool IsDefined => DefinedPass > 0;
}
