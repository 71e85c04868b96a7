using System.Globalization;
using System.Text;

namespace Nas64.Assembler.Preprocessor;

/// <summary>Directive dispatch and the directives that define things (%define, %macro, %rep, %include…).</summary>
public sealed partial class Preprocessor
{
    /// <summary>A %macro or %rep body being collected until its matching end.</summary>
    private sealed class Definition(MultiLineMacro? macro, List<BodyLine> body, long repeats, SourceLocation start)
    {
        public MultiLineMacro? Macro { get; } = macro;
        public List<BodyLine> Body { get; } = body;
        public long Repeats { get; } = repeats;
        public SourceLocation Start { get; } = start;
        public int Nesting { get; set; }
    }

    private readonly Dictionary<string, long> _expressionValues = new(StringComparer.Ordinal);
    private Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _expressionLookup;
    private readonly HashSet<string> _usedPackages = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names defined by %defalias / %idefalias, for %ifdefalias.</summary>
    private readonly HashSet<string> _aliases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ialiases = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>While a body is collected: counts nested openers and returns true for the line that ends it.</summary>
    private bool CollectsDirective(string text)
    {
        var d = LookupDirective(text).Directive;
        var def = _defining!;
        bool opens = def.Macro is not null ? d is Directive.Macro or Directive.IMacro or Directive.RMacro or Directive.IRMacro : d == Directive.Rep;
        bool closes = def.Macro is not null ? d == Directive.EndMacro : d == Directive.EndRep;
        if (opens) def.Nesting++;
        else if (closes)
        {
            if (def.Nesting == 0)
            {
                _defining = null;
                FinishDefinition(def);
                return true;
            }
            def.Nesting--;
        }
        return false;
    }

    private void FinishDefinition(Definition def)
    {
        if (def.Macro is { } macro)
        {
            foreach (var line in macro.Body)
                foreach (var t in line.Tokens)
                    if (t.Kind == PpTokenKind.Parameter && (t.Text == "%00" || t.Text == "%{00}")) macro.UsesLabel = true;
            AddMacro(macro);
            return;
        }
        if (def.Repeats <= 0 || def.Body.Count == 0) return;
        var outer = _frame!;
        var rep = BodyFrame(FrameKind.Rep, def.Body);
        rep.Call = outer.Call;
        rep.RepeatsLeft = def.Repeats;
        _frame = rep;
        MarkNoList(rep, noList: false);
    }

    private readonly Dictionary<string, DirectiveInfo> _directiveCache = new(ReferenceEqualityComparer.Instance);

    /// <summary><see cref="Directives.Lookup"/> remembered by the token text itself: texts come from the pool, so the same
    /// directive word is the same string, found without hashing its characters case-insensitively.</summary>
    private DirectiveInfo LookupDirective(string text)
    {
        if (_directiveCache.TryGetValue(text, out var info)) return info;
        info = Directives.Lookup(text);
        if (_directiveCache.Count < 4096) _directiveCache[text] = info;
        return info;
    }

    /// <summary>Handles a line starting with a %word; returns false when the word is no directive.</summary>
    private bool HandleDirective(List<PpToken> tokens, int first, DirectiveInfo? known = null)
    {
        var info = known ?? LookupDirective(tokens[first].Text);
        // nasm passes a %word that is no directive on as text (the assembler then finds no label or instruction).
        if (info.Directive == Directive.None) return false;
        if (info.Directive is Directive.If or Directive.Elif or Directive.Else or Directive.EndIf)
        {
            if (!Emitting && info.Directive == Directive.If) { _conditions.Add(Branch.Never); return true; }
            if (Contains(tokens, PpTokenKind.Indirect)) { ExpandIndirect(tokens); first = SkipWhitespace(tokens, 0); }
            HandleConditional(info, tokens, first + 1);
            return true;
        }
        if (!Emitting) return true;
        if (Contains(tokens, PpTokenKind.Indirect)) { ExpandIndirect(tokens); first = SkipWhitespace(tokens, 0); }
        int i = first + 1;
        // The common directives first: the others' cases make a large frame, cleared on every call.
        switch (info.Directive)
        {
            case Directive.Define or Directive.IDefine or Directive.XDefine or Directive.IXDefine:
                DefineDirective(tokens, i, info.Directive is Directive.XDefine or Directive.IXDefine, info.Directive is Directive.IDefine or Directive.IXDefine);
                return true;
            case Directive.Assign or Directive.IAssign:
                AssignDirective(tokens, i, info.Directive == Directive.IAssign);
                return true;
        }
        HandleOtherDirective(tokens, first, info);
        return true;
    }

    private void AssignDirective(List<PpToken> tokens, int i, bool caseInsensitive)
    {
        string? name = ReadName(tokens, ref i);
        if (name is null) { Error($"`{DirectiveName(tokens, i)}' expects a macro identifier"); return; }
        int number = tokens[i - 1].Name;
        if (EvaluateTail(tokens, i, "%assign") is { } value)
            DefineSingle(name, null, false, NumberTokens(value), caseInsensitive, nameNumber: number);
    }

    /// <summary>The directives other than the %if family, %define and %assign, on an emitted line.</summary>
    private void HandleOtherDirective(List<PpToken> tokens, int first, DirectiveInfo info)
    {
        int i = first + 1;
        switch (info.Directive)
        {
            case Directive.DefAlias or Directive.IDefAlias:
                {
                    int at = i;
                    if (ReadName(tokens, ref at) is { } alias) (info.Directive == Directive.IDefAlias ? _ialiases : _aliases).Add(alias);
                    DefineDirective(tokens, i, expand: false, info.Directive == Directive.IDefAlias);
                    break;
                }
            case Directive.Undef or Directive.UndefAlias:
                if (ReadName(tokens, ref i) is { } undefName) Undefine(undefName);
                else Error($"`{DirectiveName(tokens, i)}' expects a macro identifier");
                break;
            case Directive.DefStr or Directive.IDefStr:
                {
                    string? name = ReadName(tokens, ref i);
                    if (name is null) { Error($"`{DirectiveName(tokens, i)}' expects a macro identifier"); break; }
                    var body = Tail(tokens, i);
                    ExpandLine(body);
                    var sb = new StringBuilder();
                    foreach (var t in body) sb.Append(t.IsWhitespace ? " " : t.Text);
                    DefineSingle(name, null, false, [new PpToken(PpTokenKind.String, PpStrings.Quote(sb.ToString()))], info.Directive == Directive.IDefStr);
                    break;
                }
            case Directive.DefTok or Directive.IDefTok:
                {
                    string? name = ReadName(tokens, ref i);
                    if (name is null) { Error($"`{DirectiveName(tokens, i)}' expects a macro identifier"); break; }
                    var body = Tail(tokens, i);
                    ExpandLine(body);
                    // nasm takes the first token and ignores the rest.
                    if (body.Count == 0 || body[0].Kind != PpTokenKind.String) { Error("`%deftok' requires string as second parameter"); break; }
                    DefineSingle(name, null, false, PpLexer.Tokenize(PpStrings.Unquote(body[0].Text)), info.Directive == Directive.IDefTok);
                    break;
                }
            case Directive.StrCat:
                {
                    string? name = ReadName(tokens, ref i);
                    if (name is null) { Error("`%strcat' expects a macro identifier"); break; }
                    var body = Tail(tokens, i);
                    ExpandLine(body);
                    var sb = new StringBuilder();
                    bool ok = true;
                    foreach (var t in body)
                    {
                        if (t.IsWhitespace || t.Is(',')) continue;
                        if (t.Kind != PpTokenKind.String) { Error($"non-string passed to `%strcat': {t.Text}"); ok = false; break; }
                        sb.Append(PpStrings.Unquote(t.Text));
                    }
                    if (ok) DefineSingle(name, null, false, [new PpToken(PpTokenKind.String, PpStrings.Quote(sb.ToString()))], false);
                    break;
                }
            case Directive.StrLen:
                {
                    string? name = ReadName(tokens, ref i);
                    if (name is null) { Error("`%strlen' expects a macro identifier"); break; }
                    var body = Tail(tokens, i);
                    ExpandLine(body);
                    if (body.Count == 0 || body[0].Kind != PpTokenKind.String || PpLexer.IsOpenString(body[0].Text)) { Error("`%strlen' requires string as second parameter"); break; }
                    DefineSingle(name, null, false, NumberTokens(PpStrings.Unquote(body[0].Text).Length), false);
                    break;
                }
            case Directive.SubStr:
                SubStr(tokens, i);
                break;
            case Directive.Macro or Directive.IMacro or Directive.RMacro or Directive.IRMacro:
                BeginMacro(tokens, i, info.Directive is Directive.IMacro or Directive.IRMacro, info.Directive is Directive.RMacro or Directive.IRMacro);
                break;
            case Directive.EndMacro:
                Error($"`{tokens[first].Text}': not defining a macro");
                break;
            case Directive.UnMacro:
                UnMacro(tokens, i);
                break;
            case Directive.ExitMacro:
                ExitFrame(FrameKind.Macro, "%exitmacro");
                break;
            case Directive.Rotate:
                {
                    var call = _frame!.Call;
                    var amount = Tail(tokens, i);
                    if (call is null && amount.Count > 0) { Error("`%rotate' invoked outside a macro call"); break; }
                    if (EvaluateNumber(amount, "%rotate") is { } n && call is { Count: > 0 })
                    {
                        int count = call.Count;
                        call.Rotate = (int)(((call.Rotate + n) % count + count) % count);
                    }
                    break;
                }
            case Directive.Rep:
                {
                    var expr = Tail(tokens, i);
                    if (expr.Count > 0 && expr[0].Kind == PpTokenKind.Identifier && expr[0].Text.Equals(".nolist", StringComparison.OrdinalIgnoreCase))
                        expr = Slice(expr, 1);
                    // A count that does not evaluate starts no %rep (its %endrep is then nasm's stray one).
                    long? repeats = EvaluateNumber(expr, "%rep");
                    if (repeats is null && expr.Count > 0) break;
                    long count = repeats ?? 0;
                    if (count < 0)
                    {
                        Warning($"negative `%rep' count: {count} [-w+pp-rep-negative]");
                        count = 0;
                    }
                    if (count > _options.Limits.Rep)
                    {
                        Error($"`%rep' count {count} exceeds --limit-rep (currently {_options.Limits.Rep})");
                        count = 0;
                    }
                    if (TakeRepBody(count)) break;
                    _defining = new Definition(null, [], count, CurrentLocation());
                    break;
                }
            case Directive.EndRep:
                Error("`%endrep': no matching `%rep'");
                break;
            case Directive.ExitRep:
                ExitFrame(FrameKind.Rep, "%exitrep");
                break;
            case Directive.Include:
                if (FileArgument(tokens, i, "%include") is { } includeName) IncludeFile(includeName, CurrentLocation());
                break;
            case Directive.PathSearch:
                {
                    string? name = ReadName(tokens, ref i);
                    if (name is null) { Error("`%pathsearch' expects a macro identifier"); break; }
                    if (FileArgument(tokens, i, "%pathsearch") is { } file)
                        DefineSingle(name, null, false, [new PpToken(PpTokenKind.String, PpStrings.Quote(ResolveInclude(file) ?? file))], false);
                    break;
                }
            case Directive.Depend:
                if (FileArgument(tokens, i, "%depend") is { } dependency) _dependencies.Add(dependency);
                break;
            case Directive.Use:
                UsePackage(tokens, i);
                break;
            case Directive.Push:
                Push(ReadName(tokens, ref i));
                break;
            case Directive.Pop:
                Pop(ReadName(tokens, ref i));
                break;
            case Directive.Repl:
                Replace(ReadName(tokens, ref i));
                break;
            case Directive.Error or Directive.Warning or Directive.Fatal or Directive.Note:
                {
                    var body = Tail(tokens, i);
                    ExpandLine(body);
                    // A string alone is its contents; an unterminated one is written as it is (nasm: `%error 'abc` prints 'abc).
                    string message = body.Count == 1 && body[0].Kind == PpTokenKind.String && !PpLexer.IsOpenString(body[0].Text)
                        ? PpStrings.Unquote(body[0].Text) : PpLexer.Join(body);
                    var severity = info.Directive switch
                    {
                        Directive.Warning => Severity.Warning,
                        Directive.Note => Severity.Note,
                        Directive.Fatal => Severity.Fatal,
                        _ => Severity.Error,
                    };
                    _diagnostics.Add(new Diagnostic(severity, CurrentLocation(), severity == Severity.Warning ? message + " [-w+user]" : message) { FinalPass = severity == Severity.Error });
                    if (severity == Severity.Fatal) _stopped = true;
                    break;
                }
            case Directive.Line:
                LineDirective(tokens, i);
                break;
            case Directive.Pragma:
                Pragma(tokens, i);
                break;
            case Directive.Clear:
                ClearDirective(tokens, i, tokens[first].Text);
                break;
            case Directive.Local or Directive.Arg:
                DefineFrameVariables(tokens, i, info.Directive == Directive.Local);
                break;
            case Directive.StackSize:
                SetStackSize(tokens, i);
                break;
        }
    }

    /// <summary>Per preprocessor: a token's text number is valid only while its preprocessor runs (<see cref="TokenTexts"/>).</summary>
    private readonly List<PpToken>?[] _smallNumbers = new List<PpToken>?[4096];

    /// <summary>The body of a macro defined as a number; small values share one read-only list each, made when first used.</summary>
    private List<PpToken> NumberTokens(long value) =>
        value is >= 0 and < 4096
            ? _smallNumbers[value] ??= [new PpToken(PpTokenKind.Number, value.ToString(CultureInfo.InvariantCulture))]
            : PpLexer.Tokenize(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads a macro name: an identifier, or a context-local <c>%$name</c> (mangled).</summary>
    private string? ReadName(List<PpToken> tokens, ref int i)
    {
        i = SkipWhitespace(tokens, i);
        if (i >= tokens.Count) return null;
        var t = tokens[i];
        switch (t.Kind)
        {
            case PpTokenKind.Identifier: i++; return t.Text;
            case PpTokenKind.ContextLocal: i++; return MangleContextLocal(t.Text);
            default: return null;
        }
    }

    private void DefineDirective(List<PpToken> tokens, int i, bool expand, bool caseInsensitive)
    {
        string? name = ReadName(tokens, ref i);
        int number = name is not null ? tokens[i - 1].Name : 0;
        if (name is null) { Error($"`{DirectiveName(tokens, i)}' expects a macro identifier"); return; }
        ParseSmacroTemplate(tokens, ref i, out string[]? parameters, out var flags);
        if (parameters is null && OneTokenBody(tokens, i, expand) is { } one)
        {
            // The body is copied (shared by its text), so the one-token list is free again after the definition.
            _oneToken[0] = one;
            DefineSingle(name, null, false, _oneToken, caseInsensitive, copyBody: true, nameNumber: number);
            return;
        }
        bool greedy = flags is [.., var last] && (last & SmacroParameterFlags.Greedy) != 0;
        bool plain = flags is null || Array.TrueForAll(flags, f => (f & ~SmacroParameterFlags.Greedy) == 0);
        var body = Tail(tokens, i);
        if (expand) ExpandLine(body);
        DefineSingle(name, parameters, greedy, body, caseInsensitive, copyBody: true, parameterFlags: plain && !greedy ? null : flags, nameNumber: number);
    }

    private readonly List<PpToken> _oneToken = [default];

    /// <summary>The body of a %define or %xdefine whose text from <paramref name="start"/> is one token, as
    /// <see cref="Tail"/> and (for %xdefine) <see cref="ExpandLine"/> would make it, without moving the line or running the
    /// expansion scan: the token itself, or for %xdefine the one inert token its plain macro stands for (<c>%xdefine m1 m2</c>
    /// of renaming macros, on every call). Null for any other body, and when the expansion limits are small enough to matter.</summary>
    private PpToken? OneTokenBody(List<PpToken> tokens, int start, bool expand)
    {
        var line = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens);
        int end = line.Length;
        while (start < end && line[start].IsWhitespace) start++;
        while (end > start && line[end - 1].IsWhitespace) end--;
        if (end - start != 1) return null;
        ref readonly var t = ref line[start];
        if (!expand) return t;
        if (_expansionNesting != 0 || _options.Limits.MacroTokens < 1 << 16 || _options.Limits.MacroLevels < 1) return null;
        if (t.Kind is PpTokenKind.Number or PpTokenKind.String or PpTokenKind.Other) return t;
        if (t.Kind != PpTokenKind.Identifier) return null;
        return LookupSingle(t) switch
        {
            null => t,
            { Next: null, Parameters: null, Compute: null, ActiveDepth: 0, Body: [var only] } when IsInert(only) => only,
            _ => null,
        };
    }

    private void SubStr(List<PpToken> tokens, int i)
    {
        string? name = ReadName(tokens, ref i);
        if (name is null) { Error("`%substr' expects a macro identifier"); return; }
        var body = Tail(tokens, i);
        ExpandLine(body);
        if (body.Count == 0 || body[0].Kind != PpTokenKind.String) { Error("`%substr' requires a string as parameter"); return; }
        string text = PpStrings.Unquote(body[0].Text);
        var ranges = SplitMacroArguments(body, 1);
        if (ranges.Count == 0) { Error("`%substr' requires a starting index"); return; }
        if (ranges.Count > 2) { Error("`%substr' expects `string start[, length]'"); return; }
        long? start = EvaluateNumber(Slice(body, ranges[0].Start, ranges[0].End), "%substr");
        // An empty length is nasm's default of 1.
        long? length = ranges.Count > 1 && SkipWhitespace(body, ranges[1].Start) < ranges[1].End ? EvaluateNumber(Slice(body, ranges[1].Start, ranges[1].End), "%substr") : 1;
        if (start is null || length is null) return;
        // nasm clamps a start before the string to its first character.
        long from = Math.Max(0, start.Value - 1);
        long count = length.Value < 0 ? text.Length - from + length.Value + 1 : length.Value;
        string result = from < 0 || from >= text.Length || count <= 0 ? "" : text.Substring((int)from, (int)Math.Min(count, text.Length - from));
        DefineSingle(name, null, false, [new PpToken(PpTokenKind.String, PpStrings.Quote(result))], false);
    }

    /// <summary>Parses <c>min[-max|-*][+][.nolist]</c>; returns where the defaults start in <paramref name="text"/>.</summary>
    private static bool ParseParameterSpec(string text, out int min, out int max, out bool greedy, out bool noList, out int rest)
    {
        int p = 0;
        min = max = 0;
        greedy = noList = false;
        while (p < text.Length && char.IsWhiteSpace(text[p])) p++;
        int s = p;
        while (p < text.Length && char.IsAsciiDigit(text[p])) p++;
        bool ok = p > s && int.TryParse(text.AsSpan(s, p - s), out min);
        max = min;
        if (p < text.Length && text[p] == '-')
        {
            p++;
            if (p < text.Length && text[p] == '*') { max = int.MaxValue; p++; }
            else
            {
                s = p;
                while (p < text.Length && char.IsAsciiDigit(text[p])) p++;
                ok &= p > s && int.TryParse(text.AsSpan(s, p - s), out max);
            }
        }
        if (p < text.Length && text[p] == '+') { greedy = true; p++; }
        if (string.Compare(text, p, ".nolist", 0, 7, StringComparison.OrdinalIgnoreCase) == 0) { noList = true; p += 7; }
        rest = p;
        return ok;
    }

    private void BeginMacro(List<PpToken> tokens, int i, bool caseInsensitive, bool recursive)
    {
        i = SkipWhitespace(tokens, i);
        if (i >= tokens.Count || tokens[i].Kind != PpTokenKind.Identifier) { Error("`%macro' expects a macro name"); return; }
        var macro = new MultiLineMacro(tokens[i].Text, caseInsensitive) { DefinedAt = CurrentPosition() };
        string spec = PpLexer.Join(tokens, i + 1);
        if (!ParseParameterSpec(spec, out int min, out int max, out bool greedy, out bool noList, out int rest))
        {
            Error("`%macro' expects a parameter count");
            min = max = 0;
        }
        if (max < min) { Error("minimum parameter count exceeds maximum"); max = min; }
        macro.MinParameters = min;
        macro.MaxParameters = max;
        macro.Greedy = greedy;
        macro.NoList = noList;
        macro.Recursive = recursive;
        var defaults = PpLexer.Tokenize(spec[rest..]);
        if (SkipWhitespace(defaults, 0) < defaults.Count)
            foreach (var (s, e) in SplitMacroArguments(defaults, 0))
                macro.Defaults.Add(ArgumentTokens(defaults, s, e));
        if (max != int.MaxValue && macro.Defaults.Count > max - min)
            Warning($"too many default macro parameters in macro `{macro.Name}' [-w+pp-macro-defaults]");
        // nasm warns when the new definition takes a parameter count an existing one of the name takes.
        if ((caseInsensitive ? _imacros : _macros).TryGetValue(macro.Name, out var existing)
            && existing.Exists(m => (m.MinParameters <= max || greedy) && (min <= m.MaxParameters || m.Greedy)))
            Warning($"redefining multi-line macro `{macro.Name}' [-w+pp-macro-redef-multi]");
        _defining = new Definition(macro, macro.Body, 0, CurrentLocation());
    }

    private void UnMacro(List<PpToken> tokens, int i)
    {
        i = SkipWhitespace(tokens, i);
        if (i >= tokens.Count || tokens[i].Kind != PpTokenKind.Identifier) { Error("`%unmacro' expects a macro name"); return; }
        string name = tokens[i].Text;
        if (!ParseParameterSpec(PpLexer.Join(tokens, i + 1), out int min, out int max, out _, out _, out _)) { Error("`%unmacro' expects a parameter count"); return; }
        foreach (var table in new[] { _macros, _imacros })
            if (table.TryGetValue(name, out var list))
                list.RemoveAll(m => m.MinParameters == min && m.MaxParameters == max);
    }

    /// <summary>%exitmacro / %exitrep: drop frames up to and including the innermost of that kind.</summary>
    private void ExitFrame(FrameKind kind, string directive)
    {
        var f = _frame;
        while (f is not null && f.Kind != kind) f = f.Parent;
        if (f is null) { Error($"`{directive}' not within `{(kind == FrameKind.Macro ? "%macro" : "%rep")}' block"); return; }
        int depth = f.ConditionDepth;
        while (_frame != f) PopFrame();
        PopFrame();
        // Leaving early drops the %ifs opened inside the body (the one around the %exitmacro, typically), as nasm does.
        if (_conditions.Count > depth) _conditions.RemoveRange(depth, _conditions.Count - depth);
    }

    private string? FileArgument(List<PpToken> tokens, int i, string directive)
    {
        var body = Tail(tokens, i);
        ExpandLine(body);
        if (body.Count == 1 && body[0].Kind == PpTokenKind.String) return PpStrings.Unquote(body[0].Text);
        if (body.Count >= 2 && body[0].Is('<') && body[^1].Is('>')) return PpLexer.Join(body, 1, body.Count - 1);
        if (body.Count > 0) return PpLexer.Join(body);
        Error($"`{directive}' expects a file name");
        return null;
    }

    /// <summary>Finds an include file: as given, beside the including file, then in each -I folder.</summary>
    private string? ResolveInclude(string name)
    {
        if (File.Exists(name)) return name;
        if (Path.IsPathRooted(name)) return null;
        string? dir = _frame is { } f ? Path.GetDirectoryName(f.CurrentFile) : null;
        if (!string.IsNullOrEmpty(dir))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        foreach (string folder in _options.IncludePaths)
        {
            string candidate = folder.EndsWith('/') ? folder + name : Path.Combine(folder, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private void IncludeFile(string name, SourceLocation at)
    {
        string? path = ResolveInclude(name);
        // nasm goes on after a missing file.
        if (path is null) { Error(at, $"unable to open include file `{name}': No such file or directory"); return; }
        int depth = 0;
        for (var f = _frame; f is not null; f = f.Parent) if (f.Kind == FrameKind.File) depth++;
        if (depth >= 200) { Error(at, "%include nested too deeply (recursive include?)"); _stopped = true; return; }
        string text;
        try
        {
            text = Passes.BoundedFile.ReadText(path, _options.Limits.Incbin)
                ?? throw new IOException($"larger than --limit-incbin ({_options.Limits.Incbin} bytes)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Error(at, $"unable to read include file `{name}': {e.Message}");
            _stopped = true;
            return;
        }
        _dependencies.Add(path);
        PushFile(path, text);
        _frame!.Call = null;
    }

    private void UsePackage(List<PpToken> tokens, int i)
    {
        var body = Tail(tokens, i);
        if (body.Count == 0) { Error("`%use' expects a package name, got end of line"); return; }
        string name = body[0].Kind == PpTokenKind.String ? PpStrings.Unquote(body[0].Text) : body[0].Text;
        string? text = StandardMacros.Package(name);
        if (text is null) { Error($"unknown `%use' package: `{name}'"); return; }
        if (!_usedPackages.Add(name)) return;
        DefineSingle($"__?USE_{name.ToUpperInvariant()}?__", null, false, [], false);
        if (name.Equals("smartalign", StringComparison.OrdinalIgnoreCase)) _smartAlign = true;
        PushFile(name + ".mac", text);
        _frame!.Call = null;
        _frame.NoList = true;   // nasm does not list %use packages, not even with -Lb
    }

    /// <summary>%line N[+M] [file]: the next line is line N of file, and each line advances by M.</summary>
    private void LineDirective(List<PpToken> tokens, int i)
    {
        var f = _frame!;
        while (f.Kind != FrameKind.File) f = f.Parent!;
        var body = Tail(tokens, i);
        if (body.Count == 0 || body[0].Kind != PpTokenKind.Number || !int.TryParse(body[0].Text, out int line)) { Error("`%line' expects a line number"); return; }
        int k = 1;
        int increment = 1;
        if (k < body.Count && body[k].Is('+') && k + 1 < body.Count && int.TryParse(body[k + 1].Text, out int inc)) { increment = inc; k += 2; }
        k = SkipWhitespace(body, k);
        // A quoted name is unquoted; an unterminated quote is taken as written, as nasm does (`%line 10'` names file `'`).
        if (k < body.Count) f.File = body[k].Kind == PpTokenKind.String && body[k].Text is { Length: >= 2 } quoted && quoted[^1] == quoted[0]
            ? PpStrings.Unquote(quoted) : PpLexer.Join(body, k);
        // nasm numbers the line after %line N+M as N+M: the directive itself counts as line N.
        f.NextLineNumber = line + increment;
        f.LineIncrement = increment;
    }

    private long? EvaluateNumber(List<PpToken> tokens, string directive)
    {
        ExpandLine(tokens);
        return EvaluateExpanded(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens), directive);
    }

    /// <summary><see cref="EvaluateNumber"/> of the tokens from <paramref name="start"/> on, as of <see cref="Tail"/>'s line:
    /// an expression of numbers and names of numbers is evaluated where it stands (<see cref="TryExpandNumberNames"/>).</summary>
    private long? EvaluateTail(List<PpToken> tokens, int start, string directive)
    {
        start = SkipWhitespace(tokens, start);
        int end = tokens.Count;
        while (end > start && tokens[end - 1].IsWhitespace) end--;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens)[start..end];
        return TryExpandNumberNames(span) ? EvaluateExpanded(span, directive) : EvaluateNumber(Tail(tokens, start), directive);
    }

    private long? EvaluateExpanded(ReadOnlySpan<PpToken> tokens, string directive)
    {
        // The same token texts as an expression remembered below have its text, and so its value.
        int hash = TokenMemo<long>.Hash(tokens);
        if (_expressionMemo.TryGet(tokens, hash, out long known)) return known;
        long? value = EvaluateText(tokens, directive);
        if (value is { } v && _rememberExpression) _expressionMemo.Set(tokens, hash, v);
        return value;
    }

    /// <summary>Expressions by their tokens, in front of <see cref="_expressionValues"/> (no text to build and hash).</summary>
    private readonly TokenMemo<long> _expressionMemo = new(256);

    /// <summary>The last <see cref="EvaluateText"/> gave a value that is its text's for good (kept in <see cref="_expressionValues"/>).</summary>
    private bool _rememberExpression;

    private long? EvaluateText(ReadOnlySpan<PpToken> tokens, string directive)
    {
        _rememberExpression = false;
        int length = 0;
        foreach (var t in tokens) length += t.Text.Length;
        if (length == 0)
        {
            Error(directive switch { "%rep" => "`%rep' expects a repeat count", "%rotate" => "`' missing rotate count", _ => "expression syntax error" });
            return null;
        }
        if (_buffer.Length < length) _buffer = new char[Math.Max(length, _buffer.Length * 2)];
        int at = 0;
        foreach (var t in tokens)
        {
            t.Text.CopyTo(_buffer.AsSpan(at));
            at += t.Text.Length;
        }
        // After expansion the text holds only constants and operators, so its value can be remembered.
        var key = _buffer.AsSpan(0, length);
        if (_expressionLookup.TryGetValue(key, out long known))
        {
            _rememberExpression = true;
            return known;
        }
        string text = key.ToString();
        var value = PreprocessorExpression.Evaluate(text, out string? error, _options.Limits.Eval, _numberWarnings, _sink is null ? null : _preprocessOnlyErrors);
        foreach (string message in _preprocessOnlyErrors) Error(message);
        foreach (string warning in _numberWarnings) Warning(warning);
        // nasm names the directive only for a value that is not a constant.
        if (error is not null) Error(error == PreprocessorExpression.NonConstant ? $"non-constant value given to `{directive}'" : error);
        else if (value is { } v && _numberWarnings.Count == 0 && _expressionValues.Count < 65536)
        {
            _expressionValues[text] = v;
            _rememberExpression = true;
        }
        _numberWarnings.Clear();
        _preprocessOnlyErrors.Clear();
        return value;
    }

    /// <summary>The common expression of constants and names of numbers (<c>%if cpuflags &amp; (1 &lt;&lt; 2)</c>,
    /// <c>%assign %%i %%i + 1</c>): when every name on the line is a parameterless single-line macro whose body is one number,
    /// each name is replaced by its number in place, as <see cref="ExpandLine"/> would (it puts such a body in the name's
    /// place and goes on after it), without the expansion scan. False, with the line untouched, for any other line, and
    /// where the expansion limits could matter (a nested expansion, a --limit-macro-tokens smaller than any such line costs).</summary>
    private bool TryExpandNumberNames(Span<PpToken> span)
    {
        if (_expansionNesting != 0 || span.Length > 64 || _options.Limits.MacroTokens < 1 << 16 || _options.Limits.MacroLevels < 1) return false;
        // Where the names are and their macros, so the replacement looks none of them up again.
        Span<int> at = stackalloc int[span.Length];
        var found = _numberNameMacros;
        int names = 0;
        for (int k = 0; k < span.Length; k++)
        {
            ref readonly var t = ref span[k];
            switch (t.Kind)
            {
                case PpTokenKind.Whitespace or PpTokenKind.Number or PpTokenKind.Other or PpTokenKind.String:
                    continue;
                case PpTokenKind.Identifier when LookupSingle(t) is { Next: null, Parameters: null, Compute: null, ActiveDepth: 0, Body: [{ Kind: PpTokenKind.Number }] } macro:
                    at[names] = k;
                    found[names++] = macro;
                    continue;
                default:
                    return false;
            }
        }
        for (int n = 0; n < names; n++) span[at[n]] = found[n].Body[0];
        return true;
    }

    /// <summary><see cref="TryExpandNumberNames"/>' macros of the names on its line (up to its 64 tokens).</summary>
    private readonly SingleLineMacro[] _numberNameMacros = new SingleLineMacro[64];

    /// <summary>nasm's warnings of the expression being evaluated: numbers past 64 bits, text after the expression (such an
    /// expression is not remembered).</summary>
    private readonly List<string> _numberWarnings = [];

    /// <summary>With -E: nasm's errors for the symbols, `$` and `$$` of the expression being evaluated.</summary>
    private readonly List<string> _preprocessOnlyErrors = [];
}
