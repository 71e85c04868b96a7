namespace Nas64.Assembler.Preprocessor;

/// <summary>The context stack (%push/%pop/%repl, <c>%$name</c>) and the frame helpers built on it
/// (%stacksize/%arg/%local).</summary>
public sealed partial class Preprocessor
{
    private sealed class Context
    {
        public string? Name { get; set; }
        public long Number { get; set; }

        /// <summary>The <c>..@N.name</c> names made in this context, by their <c>%$name</c> text.</summary>
        public NameMemo Names { get; } = new();
    }

    private readonly List<Context> _contexts = [];
    private string _stackPointer = "ebp";
    private int _stackSize = 4;
    private int _argOffset = 8;
    private int _localOffset;

    /// <summary><c>%$name</c> → <c>..@N.name</c> for the innermost context, <c>%$$name</c> for the next one out.</summary>
    private string MangleContextLocal(string text) => MangleContextLocalToken(text).Text;

    /// <summary><see cref="MangleContextLocal"/> as an identifier token (the text as it is, after an error).</summary>
    private PpToken MangleContextLocalToken(string text)
    {
        int dollars = 0;
        int p = 1;
        while (p < text.Length && text[p] == '$') { dollars++; p++; }
        if (_contexts.Count < dollars)
        {
            Error(_contexts.Count == 0 ? $"`{text}': context stack is empty" : $"`{text}': context stack is only {_contexts.Count} level{(_contexts.Count == 1 ? "" : "s")} deep");
            return new PpToken(PpTokenKind.Identifier, text);
        }
        var ctx = _contexts[_contexts.Count - dollars];
        // Remembered by the context: cglobal-style macros name %$stack, %$name… on every line.
        if (ctx.Names.TryFind(text, out var known)) return known;
        return ctx.Names.Add(text, LocalLabel(ctx.Number, text.AsSpan(p)));
    }

    /// <summary>Popped contexts, reused by the next %push (cglobal-style macros push one per function or loop).</summary>
    private readonly Stack<Context> _spentContexts = new();

    private void Push(string? name)
    {
        var context = _spentContexts.Count > 0 ? _spentContexts.Pop() : new Context();
        context.Name = name;
        context.Number = _unique++;
        context.Names.Clear();
        _contexts.Add(context);
    }

    private void Pop(string? name)
    {
        if (_contexts.Count == 0) { Error("`%pop': context stack is empty"); return; }
        if (name is not null && !string.Equals(name, _contexts[^1].Name, StringComparison.Ordinal))
            Error($"`%pop' in wrong context: {_contexts[^1].Name}, expected {name}");
        _spentContexts.Push(_contexts[^1]);
        _contexts.RemoveAt(_contexts.Count - 1);
    }

    private void Replace(string? name)
    {
        if (_contexts.Count == 0) { Error("`%repl': context stack is empty"); return; }
        _contexts[^1].Name = name;
    }

    private void SetStackSize(List<PpToken> tokens, int i)
    {
        string? model = ReadName(tokens, ref i);
        if (model is null && SkipWhitespace(tokens, i) >= tokens.Count) { Error("`%stacksize' missing size parameter"); return; }
        switch (model?.ToLowerInvariant())
        {
            case "flat": _stackSize = 4; _stackPointer = "ebp"; _argOffset = 8; _localOffset = 0; break;
            case "flat64": _stackSize = 8; _stackPointer = "rbp"; _argOffset = 16; _localOffset = 0; break;
            case "large": _stackSize = 2; _stackPointer = "bp"; _argOffset = 4; _localOffset = 0; break;
            // nasm 2.16 starts small-model arguments at bp+6 and large-model ones at bp+4 .
            case "small": _stackSize = 2; _stackPointer = "bp"; _argOffset = 6; _localOffset = 0; break;
            default: Error("`%stacksize' invalid size type"); break;
        }
    }

    /// <summary>%arg and %local: <c>name:type</c> pairs become <c>%define name (ebp+off)</c> / <c>(ebp-off)</c>.</summary>
    private void DefineFrameVariables(List<PpToken> tokens, int i, bool local)
    {
        var items = Tail(tokens, i);
        int k = 0;
        while (k < items.Count)
        {
            k = SkipWhitespace(items, k);
            if (k >= items.Count) break;
            if (items[k].Kind != PpTokenKind.Identifier) { Error($"`%{(local ? "local" : "arg")}' expects `name:type' pairs"); return; }
            string name = items[k++].Text;
            k = SkipWhitespace(items, k);
            if (k >= items.Count || !items[k].Is(':')) { Error($"syntax error: expecting `:' after `{name}'"); return; }
            k = SkipWhitespace(items, k + 1);
            if (k >= items.Count) { Error("syntax error: type expected"); return; }
            string type = items[k++].Text;
            int size = Syntax.Keywords.SizeOf(type);
            if (size == 0) { Error($"invalid size type `{type}'"); return; }
            size = Math.Max(size, _stackSize);
            size = (size + _stackSize - 1) / _stackSize * _stackSize;
            string body;
            if (local)
            {
                _localOffset += size;
                body = $"({_stackPointer}-{_localOffset})";
                // nasm keeps the context's frame size in %$localsize, which the source initializes.
                var assign = PpLexer.Tokenize($"%assign %$localsize %$localsize+{size}");
                HandleDirective(assign, 0);
            }
            else
            {
                body = $"({_stackPointer}+{_argOffset})";
                _argOffset += size;
            }
            DefineSingle(name, null, false, PpLexer.Tokenize(body), caseInsensitive: false);
            k = SkipWhitespace(items, k);
            if (k < items.Count && items[k].Is(',')) k++;
        }
    }
}
