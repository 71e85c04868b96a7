using System.Text;
using System.Text.Json;

namespace Nas64.Cli;

/// <summary>
/// Where and how the root command prints diagnostics: standard error, or the file named by -Z (as nasm);
/// nasm's <c>file:line: severity: message</c> text, in color on a terminal (--color, NO_COLOR), or one JSON
/// object per line (--diagnostics-format=json; the schema is in docs/design.md).
/// </summary>
internal static class DiagnosticOutput
{
    private static TextWriter? s_file;
    private static bool s_color;
    private static bool s_json;

    private static TextWriter Writer => s_file ?? Console.Error;

    /// <summary>Applies -Z, --color and --diagnostics-format; returns an error message when the -Z file cannot be opened.</summary>
    public static string? Configure(string? errorFile, string color, string format)
    {
        s_json = format == "json";
        if (errorFile is not null)
        {
            try
            {
                s_file = new StreamWriter(errorFile, append: false, new UTF8Encoding(false)) { AutoFlush = true };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                return $"unable to open error file `{errorFile}': {e.Message}";
            }
        }
        s_color = !s_json && color switch
        {
            "always" => true,
            "never" => false,
            _ => s_file is null && !Console.IsErrorRedirected
                && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
                && Environment.GetEnvironmentVariable("TERM") != "dumb",
        };
        return null;
    }

    public static void Close()
    {
        s_file?.Dispose();
        s_file = null;
    }

    public static void Write(Diagnostic diagnostic)
    {
        if (s_json) Writer.WriteLine(Json(diagnostic));
        else if (s_color) Writer.WriteLine(Colored(diagnostic));
        else Writer.WriteLine(diagnostic.ToString());
    }

    /// <summary>gcc's colors: the location in bold, error red, warning magenta, note and info cyan.</summary>
    private static string Colored(Diagnostic d)
    {
        const string Bold = "\u001b[1m", Reset = "\u001b[0m";
        string color = d.Severity switch
        {
            Severity.Error or Severity.Fatal => "\u001b[1;31m",
            Severity.Warning => "\u001b[1;35m",
            _ => "\u001b[1;36m",
        };
        var text = new StringBuilder();
        text.Append(Bold).Append(d.Location).Append(':').Append(Reset).Append(' ')
            .Append(color).Append(Diagnostic.SeverityName(d.Severity)).Append(':').Append(Reset).Append(' ').Append(d.Message);
        if (d.Context is IMacroTrace trace)
            foreach (string line in trace.NasmLines()) text.Append('\n').Append(line);
        else
            foreach (string frame in d.Context)
                text.Append('\n').Append(Bold).Append(d.Location.File).Append(':').Append(Reset).Append(" \u001b[1;36mnote:").Append(Reset).Append(' ').Append(frame);
        return text.ToString();
    }

    /// <summary>One line of JSON: file, line (when known), severity, message (without nasm's [-w+name] tail),
    /// warning (the class, for warnings), context (the macro expansion chain, innermost first).</summary>
    private static string Json(Diagnostic d)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("file", d.Location.File.Length == 0 ? "nas64" : d.Location.File);
            if (d.Location.Line > 0) json.WriteNumber("line", d.Location.Line);
            if (d.Location.Offset >= 0) json.WriteNumber("offset", d.Location.Offset);
            json.WriteString("severity", Diagnostic.SeverityName(d.Severity));
            string message = d.Message;
            if (d.WarningName is { } name)
            {
                int tail = message.LastIndexOf(" [-w+", StringComparison.Ordinal);
                if (tail >= 0 && message.EndsWith(']')) message = message[..tail];
            }
            json.WriteString("message", message);
            if (d.WarningName is not null) json.WriteString("warning", d.WarningName);
            if (d.Context.Count > 0)
            {
                json.WriteStartArray("context");
                foreach (string frame in d.Context) json.WriteStringValue(frame);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
