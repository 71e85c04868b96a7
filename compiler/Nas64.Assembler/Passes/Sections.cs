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
            return new Section(name, SectionFlags.Alloc | (bss ? SectionFlags.NoBits | SectionFlags.Write : name == ".text" ? SectionFlags.Execute : SectionFlags.Write), 4);
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

    /// <summary>Applies `progbits alloc exec write tls align=N start= vstart= follows=` words;
    /// returns an error message for a word it does not know.</summary>
    public static string? ApplyAttributes(Section section, IReadOnlyList<string> attributes, Func<string, long?> evaluate)
    {
        foreach (string raw in attributes)
        {
            string word = raw.ToLowerInvariant();
            int eq = word.IndexOf('=');
            string key = eq < 0 ? word : word[..eq];
            string argument = eq < 0 ? "" : raw[(eq + 1)..];
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
                case "align":
                    {
                        if (evaluate(argument) is not { } a || a <= 0 || (a & (a - 1)) != 0)
                            return $"section alignment `{argument}' is not a power of two";
                        section.Alignment = (ulong)a;
                        break;
                    }
                case "start" or "vstart":
                    {
                        if (evaluate(argument) is not { } a) return $"`{key}=' needs a constant";
                        var flat = section.Flat ?? new FlatPlacement();
                        section.Flat = key == "start" ? flat with { Start = (ulong)a } : flat with { VStart = (ulong)a };
                        break;
                    }
                case "follows" or "vfollows":
                    {
                        var flat = section.Flat ?? new FlatPlacement();
                        section.Flat = key == "follows" ? flat with { Follows = argument } : flat with { VFollows = argument };
                        break;
                    }
                case "merge" or "strings" or "pointer" or "contents":
                    return $"not supported yet: section attribute `{raw}'";
                default:
                    return $"unknown section attribute `{raw}'";
            }
        }
        return null;
    }
}
