namespace Nas64.Assembler.Preprocessor;

internal enum Directive : byte
{
    None,
    Define, IDefine, XDefine, IXDefine, Undef, Assign, IAssign, DefStr, IDefStr, DefTok, IDefTok, DefAlias, IDefAlias, UndefAlias,
    StrCat, StrLen, SubStr,
    Macro, IMacro, RMacro, IRMacro, EndMacro, UnMacro, ExitMacro, Rotate,
    Rep, EndRep, ExitRep,
    Include, PathSearch, Depend, Use,
    Push, Pop, Repl,
    Error, Warning, Fatal, Note, Line, Pragma, Clear, Local, Arg, StackSize,
    If, Elif, Else, EndIf,
}

/// <summary>What kind of test an %if-family directive makes (<c>%ifdef</c> is <see cref="Def"/>).</summary>
internal enum ConditionKind : byte { Expression, Def, Macro, Ctx, Idn, Idni, Id, Num, Str, Token, Empty, Env, Usable, Using, DefAlias }

/// <summary>A directive name resolved once: which directive, and for the %if family which test and whether negated.</summary>
internal readonly record struct DirectiveInfo(Directive Directive, ConditionKind Condition = ConditionKind.Expression, bool Negated = false);

internal static class Directives
{
    private static readonly Dictionary<string, DirectiveInfo> Table = Build();

    public static DirectiveInfo Lookup(string token) =>
        Table.TryGetValue(token, out var info) ? info : default;

    private static Dictionary<string, DirectiveInfo> Build()
    {
        var t = new Dictionary<string, DirectiveInfo>(StringComparer.OrdinalIgnoreCase);
        void Add(string name, Directive d) => t["%" + name] = new DirectiveInfo(d);
        Add("define", Directive.Define); Add("idefine", Directive.IDefine); Add("xdefine", Directive.XDefine);
        Add("ixdefine", Directive.IXDefine); Add("undef", Directive.Undef); Add("assign", Directive.Assign);
        Add("iassign", Directive.IAssign); Add("defstr", Directive.DefStr); Add("idefstr", Directive.IDefStr);
        Add("deftok", Directive.DefTok); Add("ideftok", Directive.IDefTok); Add("defalias", Directive.DefAlias);
        Add("idefalias", Directive.IDefAlias); Add("undefalias", Directive.UndefAlias);
        Add("strcat", Directive.StrCat); Add("strlen", Directive.StrLen); Add("substr", Directive.SubStr);
        Add("macro", Directive.Macro); Add("imacro", Directive.IMacro); Add("rmacro", Directive.RMacro);
        Add("irmacro", Directive.IRMacro); Add("endmacro", Directive.EndMacro); Add("endm", Directive.EndMacro);
        Add("unmacro", Directive.UnMacro); Add("unimacro", Directive.UnMacro); Add("exitmacro", Directive.ExitMacro);
        Add("rotate", Directive.Rotate); Add("rep", Directive.Rep); Add("endrep", Directive.EndRep); Add("exitrep", Directive.ExitRep);
        Add("include", Directive.Include); Add("pathsearch", Directive.PathSearch); Add("depend", Directive.Depend); Add("use", Directive.Use);
        Add("push", Directive.Push); Add("pop", Directive.Pop); Add("repl", Directive.Repl);
        Add("error", Directive.Error); Add("warning", Directive.Warning); Add("fatal", Directive.Fatal); Add("note", Directive.Note);
        Add("line", Directive.Line); Add("pragma", Directive.Pragma); Add("clear", Directive.Clear);
        Add("local", Directive.Local); Add("arg", Directive.Arg); Add("stacksize", Directive.StackSize);
        Add("else", Directive.Else); Add("endif", Directive.EndIf);
        (string, ConditionKind)[] families =
        [
            ("", ConditionKind.Expression), ("def", ConditionKind.Def), ("macro", ConditionKind.Macro), ("ctx", ConditionKind.Ctx),
            ("idn", ConditionKind.Idn), ("idni", ConditionKind.Idni), ("id", ConditionKind.Id), ("num", ConditionKind.Num),
            ("str", ConditionKind.Str), ("token", ConditionKind.Token), ("empty", ConditionKind.Empty), ("env", ConditionKind.Env),
            ("usable", ConditionKind.Usable), ("using", ConditionKind.Using), ("defalias", ConditionKind.DefAlias),
        ];
        foreach (var (suffix, kind) in families)
        {
            t["%if" + suffix] = new DirectiveInfo(Directive.If, kind);
            t["%ifn" + suffix] = new DirectiveInfo(Directive.If, kind, true);
            t["%elif" + suffix] = new DirectiveInfo(Directive.Elif, kind);
            t["%elifn" + suffix] = new DirectiveInfo(Directive.Elif, kind, true);
        }
        return t;
    }
}
