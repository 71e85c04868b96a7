namespace Nas64;

/// <summary>
/// NASM 2.16's warning classes and their switches: each class is off, on, or an error (<c>nasm -h</c>
/// lists them with their defaults). A warning names its class at the end of its message, as nasm
/// prints it: <c>[-w+label-orphan]</c>. Changed by -w/-W on the command line, then by
/// <c>[warning +x]</c>, <c>[warning -x]</c>, <c>[warning *x]</c>, <c>push</c> and <c>pop</c> in the source.
/// </summary>
public sealed class WarningPolicy
{
    [Flags]
    private enum State : byte { Off = 0, On = 1, Error = 2 }

    private static readonly (string Name, State Default)[] Classes =
    [
        ("db-empty", State.On), ("ea-absolute", State.On), ("ea-dispsize", State.On),
        ("float-denorm", State.Off), ("float-overflow", State.On), ("float-toolong", State.On), ("float-underflow", State.Off),
        ("forward", State.On), ("label-orphan", State.On), ("label-redef", State.Off), ("label-redef-late", State.On | State.Error),
        ("number-overflow", State.On), ("obsolete-nop", State.On), ("obsolete-removed", State.On), ("obsolete-valid", State.On),
        ("phase", State.Off), ("pp-else-elif", State.On), ("pp-else-else", State.On), ("pp-empty-braces", State.On),
        ("pp-environment", State.On), ("pp-macro-def-case-single", State.On), ("pp-macro-def-greedy-single", State.On),
        ("pp-macro-def-param-single", State.On | State.Error), ("pp-macro-defaults", State.On), ("pp-macro-params-legacy", State.On),
        ("pp-macro-params-multi", State.On), ("pp-macro-params-single", State.On), ("pp-macro-redef-multi", State.On),
        ("pp-open-braces", State.On), ("pp-open-brackets", State.On), ("pp-open-string", State.On), ("pp-rep-negative", State.On),
        ("pp-sel-range", State.On), ("pp-trailing", State.On), ("pragma-bad", State.Off), ("pragma-empty", State.Off),
        ("pragma-na", State.Off), ("pragma-unknown", State.Off), ("prefix-bnd", State.On), ("prefix-hle", State.On),
        ("prefix-lock", State.On), ("prefix-opsize", State.On), ("prefix-seg", State.On), ("ptr", State.On), ("regsize", State.On),
        ("unknown-warning", State.Off), ("user", State.On), ("warn-stack-empty", State.On), ("zeroing", State.On),
        ("zext-reloc", State.On), ("other", State.On),
    ];

    /// <summary>Names from before NASM 2.15 that nasm 2.16 still accepts.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["orphan-labels"] = "label-orphan", ["macro-params"] = "pp-macro-params", ["macro-params-single"] = "pp-macro-params-single",
        ["macro-params-multi"] = "pp-macro-params-multi", ["macro-params-legacy"] = "pp-macro-params-legacy",
        ["macro-defaults"] = "pp-macro-defaults", ["macro-def-case-single"] = "pp-macro-def-case-single",
        ["macro-def-greedy-single"] = "pp-macro-def-greedy-single", ["macro-def-param-single"] = "pp-macro-def-param-single",
        ["negative-rep"] = "pp-rep-negative", ["environment"] = "pp-environment", ["lock"] = "prefix-lock", ["hle"] = "prefix-hle",
        ["bnd"] = "prefix-bnd", ["bad-pragma"] = "pragma-bad", ["unknown-pragma"] = "pragma-unknown", ["not-my-pragma"] = "pragma-na",
    };

    private readonly State[] _state = new State[Classes.Length];
    private State[] _initial = new State[Classes.Length];
    private readonly Stack<State[]> _saved = new();

    public WarningPolicy()
    {
        for (int i = 0; i < Classes.Length; i++) _state[i] = Classes[i].Default;
        _initial = (State[])_state.Clone();
    }

    /// <summary>True for a class or group name nasm knows (after aliases).</summary>
    public static bool IsKnown(string name) => Matching(name).Count > 0;

    /// <summary>The class named at the end of a warning's message (<c>[-w+name]</c>), or <c>other</c>.</summary>
    public static string ClassOf(string message)
    {
        int open = message.LastIndexOf("[-w+", StringComparison.Ordinal);
        if (open < 0 || !message.EndsWith(']')) return "other";
        string name = message[(open + 4)..^1];
        return name.StartsWith("error=", StringComparison.Ordinal) ? name[6..] : name;
    }

    /// <summary>Applies one switch in nasm's -w / [warning] form: <c>+x</c>, <c>-x</c>, <c>*x</c>, <c>+error</c>,
    /// <c>+error=x</c>, <c>-error=x</c>, <c>push</c>, <c>pop</c>; false when the class is unknown (ignored, as nasm does).</summary>
    public bool Apply(string text)
    {
        text = text.Trim();
        if (text.Equals("push", StringComparison.OrdinalIgnoreCase)) { _saved.Push((State[])_state.Clone()); return true; }
        if (text.Equals("pop", StringComparison.OrdinalIgnoreCase))
        {
            if (_saved.Count > 0) _saved.Pop().CopyTo(_state, 0);
            return true;
        }
        char action = text.Length > 0 && text[0] is '+' or '-' or '*' ? text[0] : '+';
        string name = action == text.FirstOrDefault() ? text[1..] : text;
        State mask = State.On;
        if (name.StartsWith("error", StringComparison.OrdinalIgnoreCase) && (name.Length == 5 || name[5] == '='))
        {
            mask = State.Error;
            name = name.Length == 5 ? "all" : name[6..];
        }
        var classes = Matching(name);
        foreach (int i in classes)
        {
            _state[i] = action switch
            {
                '+' => _state[i] | mask,
                '-' => _state[i] & ~mask,
                _ => (_state[i] & ~mask) | (_initial[i] & mask),
            };
        }
        return classes.Count > 0;
    }

    /// <summary>True when a `pop' has a pushed state to return to (nasm warns "warning stack empty" otherwise).</summary>
    public bool CanPop => _saved.Count > 0;

    /// <summary>The command line is done: later <see cref="Reset"/> calls return to this state (each pass starts there).</summary>
    public void Freeze() => _initial = (State[])_state.Clone();

    /// <summary>A policy of its own in this one's state (for a pass that runs while another phase still follows this one).</summary>
    public WarningPolicy Clone()
    {
        var clone = new WarningPolicy { _initial = _initial };
        clone.CopyFrom(this);
        return clone;
    }

    /// <summary>Takes <paramref name="other"/>'s state, its pushed states included.</summary>
    public void CopyFrom(WarningPolicy other)
    {
        other._state.CopyTo(_state, 0);
        _saved.Clear();
        foreach (var saved in other._saved.Reverse()) _saved.Push((State[])saved.Clone());
    }

    public void Reset()
    {
        _initial.CopyTo(_state, 0);
        _saved.Clear();
    }

    /// <summary>Whether a warning of <paramref name="name"/> is reported, and whether as an error.</summary>
    public (bool Report, bool AsError) Classify(string name)
    {
        int i = IndexOf(name);
        if (i < 0) i = IndexOf("other");
        return ((_state[i] & State.On) != 0, (_state[i] & State.Error) != 0);
    }

    private static int IndexOf(string name)
    {
        for (int i = 0; i < Classes.Length; i++)
            if (Classes[i].Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static List<int> Matching(string name)
    {
        if (Aliases.TryGetValue(name, out string? alias)) name = alias;
        var result = new List<int>();
        for (int i = 0; i < Classes.Length; i++)
        {
            string n = Classes[i].Name;
            if (name.Equals("all", StringComparison.OrdinalIgnoreCase) || n.Equals(name, StringComparison.OrdinalIgnoreCase)
                || n.Length > name.Length && n.StartsWith(name, StringComparison.OrdinalIgnoreCase) && n[name.Length] == '-')
                result.Add(i);
        }
        return result;
    }
}
