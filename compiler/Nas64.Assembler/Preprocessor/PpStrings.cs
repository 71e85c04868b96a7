using System.Text;

namespace Nas64.Assembler.Preprocessor;

/// <summary>NASM's string quoting for %defstr/%strcat/%substr and unquoting of string tokens.</summary>
internal static class PpStrings
{
    /// <summary>The contents of a quoted string token; backquoted strings have their escapes decoded.</summary>
    public static string Unquote(string token)
    {
        if (token.Length < 2) return "";
        char q = token[0];
        bool closed = token[^1] == q && token.Length >= 2;
        string inner = token.Substring(1, token.Length - (closed ? 2 : 1));
        if (q != '`' || inner.IndexOf('\\') < 0) return inner;
        var sb = new StringBuilder(inner.Length);
        for (int i = 0; i < inner.Length; i++)
        {
            char c = inner[i];
            if (c != '\\' || i + 1 >= inner.Length) { sb.Append(c); continue; }
            char e = inner[++i];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case 'e': sb.Append('\x1b'); break;
                case 'x':
                    {
                        int v = 0, k = 0;
                        while (k < 2 && i + 1 < inner.Length && Uri.IsHexDigit(inner[i + 1])) { v = v * 16 + Convert.ToInt32(inner[++i].ToString(), 16); k++; }
                        sb.Append(k == 0 ? 'x' : (char)v);   // nasm: \x without hex digits is an x
                        break;
                    }
                case >= '0' and <= '7':
                    {
                        int v = e - '0', k = 1;
                        while (k < 3 && i + 1 < inner.Length && inner[i + 1] is >= '0' and <= '7') { v = v * 8 + (inner[++i] - '0'); k++; }
                        sb.Append((char)v);
                        break;
                    }
                default: sb.Append(e); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Quotes like nasm: single quotes when possible, then double, then backquotes with escapes.</summary>
    public static string Quote(string text)
    {
        bool printable = true;
        foreach (char c in text) if (c < ' ' || c == 0x7f) { printable = false; break; }
        if (printable && !text.Contains('\'')) return "'" + text + "'";
        if (printable && !text.Contains('"')) return "\"" + text + "\"";
        var sb = new StringBuilder(text.Length + 2).Append('`');
        foreach (char c in text)
        {
            switch (c)
            {
                case '`': sb.Append("\\`"); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c < ' ' || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2"));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('`').ToString();
    }
}
