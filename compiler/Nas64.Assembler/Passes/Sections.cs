using Nas64.Objects;

namespace Nas64.Assembler.Passes;

public enum OutputFormat { Bin, Elf32, Elf64 }

/// <summary>NASM's default section attributes per output format, and the `section` attribute words.</summary>
public static class SectionDefaults
{
    public static Section Create(string name, OutputFormat format)
    {
        if (format == OutputFormat.Bin)
        {
            bool bss = name == ".bss";
            // Alignment 1 = not given: the flat layout then applies NASM's default of 4 itself.
            return new Section(name, SectionFlags.Alloc | (bss ? SectionFlags.NoBits | SectionFlags.Write : name == ".text" ? SectionFlags.Execute : SectionFlags.Write), 1);
        }
        return name switch
        {
            ".text" => new Section(name, SectionFlags.Alloc | SectionFlags.Execute, 16),
            ".data" or ".ldata" => new Section(name, SectionFlags.Alloc | SectionFlags.Write, 4),
            ".rodata" or ".lrodata" => new Section(name, SectionFlags.Alloc, 4),
            ".bss" or ".lbss" => new Section(name, SectionFlags.Alloc | SectionFlags.Write | SectionFlags.NoBits, 4),
            ".tdata" => new Section(name, SectionFlags.Alloc | SectionFlags.Write | SectionFlags.Tls, 4),
            ".tbss" => new Section(name, SectionFlags.Alloc | SectionFlags.Write | SectionFlags.Tls | SectionFlags.NoBits, 4),
            ".comment" => new Section(name, SectionFlags.None, 1),
            ".init_array" => ArraySection(name, SectionType.InitArray),
            ".fini_array" => ArraySection(name, SectionType.FiniArray),
            ".preinit_array" => ArraySection(name, SectionType.PreinitArray),
            ".note" => new Section(name, SectionFlags.None, 4, SectionType.Note),
            // Everything else, .note.GNU-stack and .debug_* included, is NASM's default: progbits alloc align=1.
            _ => new Section(name, SectionFlags.Alloc, 1),
        };
    }

    private static Section ArraySection(string name, SectionType type) =>
        new(name, SectionFlags.Alloc, 8, type) { EntrySize = 8 };

    /// <summary>Applies `progbits alloc exec write tls align=N' (and for bin `start= vstart= follows=
    /// vfollows= valign='); returns an error message, and passes NASM's warnings for words the format
    /// ignores to <paramref name="warning"/>.</summary>
    public static string? ApplyAttributes(Section section, IReadOnlyList<string> attributes, OutputFormat format,
        Func<string, long?> evaluate, Action<string> warning)
    {
        bool bin = format == OutputFormat.Bin;
        foreach (string raw in attributes)
        {
            string word = raw.ToLowerInvariant();
            int eq = word.IndexOf('=');
            string key = eq < 0 ? word : word[..eq];
            string argument = eq < 0 ? "" : raw[(eq + 1)..];
            if (bin ? !IsFlatAttribute(key) : !IsElfAttribute(key))
            {
                if (!bin && key is "merge" or "strings" or "pointer" or "contents")
                    return $"not supported yet: section attribute `{raw}'";
                warning(bin
                    ? $"ignoring unknown section attribute: \"{raw}\" [-w+other]"
                    : $"unknown section attribute '{raw[..(eq < 0 ? raw.Length : eq)]}' ignored on declaration of section `{section.Name}' [-w+other]");
                continue;
            }
            switch (key)
            {
                case "progbits": section.Flags &= ~SectionFlags.NoBits; section.Type = SectionType.ProgBits; break;
                case "nobits": section.Flags |= SectionFlags.NoBits; section.Type = SectionType.NoBits; break;
                case "alloc": section.Flags |= SectionFlags.Alloc; break;
                case "noalloc": section.Flags &= ~SectionFlags.Alloc; break;
                case "exec": section.Flags |= SectionFlags.Execute; break;
                case "noexec": section.Flags &= ~SectionFlags.Execute; break;
                case "write": section.Flags |= SectionFlags.Write; break;
                case "nowrite": section.Flags &= ~SectionFlags.Write; break;
                case "tls": section.Flags |= SectionFlags.Tls; break;
                case "note": section.Type = SectionType.Note; break;
                case "init_array": section.Type = SectionType.InitArray; break;
                case "fini_array": section.Type = SectionType.FiniArray; break;
                case "preinit_array": section.Type = SectionType.PreinitArray; break;
                case "align" or "valign":
                    {
                        if (evaluate(argument) is not { } a) return bin ? InvalidValue : null;
                        if (a <= 0 || (a & (a - 1)) != 0)
                            return bin ? $"argument to `{key}' is not a power of two" : $"section alignment {a} is not a power of two";
                        if (key == "align")
                        {
                            section.Alignment = (ulong)a;
                            if (section.Flat is { Start: not null } placed) section.Flat = placed with { AlignAfterStart = true };
                        }
                        else section.Flat = (section.Flat ?? new FlatPlacement()) with { VAlign = (ulong)a, VAlignAfterVStart = section.Flat?.VStart is not null };
                        break;
                    }
                case "start" or "vstart":
                    {
                        if (evaluate(argument) is not { } a) return InvalidValue;
                        var flat = section.Flat ?? new FlatPlacement();
                        section.Flat = key == "start" ? flat with { Start = (ulong)a, AlignAfterStart = false } : flat with { VStart = (ulong)a, VAlignAfterVStart = false };
                        break;
                    }
                case "follows" or "vfollows":
                    {
                        var flat = section.Flat ?? new FlatPlacement();
                        section.Flat = key == "follows" ? flat with { Follows = argument } : flat with { VFollows = argument };
                        break;
                    }
            }
        }
        return null;
    }

    private const string InvalidValue = "Invalid attribute value specified in `section' directive.";

    private static bool IsFlatAttribute(string key) =>
        key is "progbits" or "nobits" or "align" or "valign" or "start" or "vstart" or "follows" or "vfollows";

    private static bool IsElfAttribute(string key) =>
        key is "progbits" or "nobits" or "alloc" or "noalloc" or "exec" or "noexec" or "write" or "nowrite" or "tls"
            or "note" or "init_array" or "fini_array" or "preinit_array" or "align";
}
