using Nas64.Linker.Passes;
using Nas64.Linker.Seccomp;
using Nas64.Objects;

namespace Nas64.Linker;

/// <summary>
/// The static linker: object modules and archives in, one x86-64 ET_EXEC out. <see cref="Link"/> reads
/// like a script of passes over one <see cref="LinkContext"/>, each in its own file under Passes/.
/// </summary>
public static class Linker
{
    /// <summary>Links <paramref name="inputs"/> into an executable image; null when an error was reported.</summary>
    public static byte[]? Link(IReadOnlyList<LinkInput> inputs, LinkOptions options, DiagnosticBag diagnostics)
    {
        if (options.Seccomp is not null) return SeccompSealing.Link(inputs, options, options.Seccomp, diagnostics);
        return Run(new LinkContext(options, diagnostics), inputs)?.ToArray();
    }

    /// <summary>As <see cref="Link"/>, but a large image stays in an anonymous mapping (2 MB pages where the
    /// kernel allows) instead of the managed heap; the caller writes it out and disposes it.</summary>
    public static ImageBuffer? LinkImage(IReadOnlyList<LinkInput> inputs, LinkOptions options, DiagnosticBag diagnostics)
    {
        if (options.Seccomp is not null)
            return SeccompSealing.Link(inputs, options, options.Seccomp, diagnostics) is { } sealedImage ? ImageBuffer.FromArray(sealedImage) : null;
        return Run(new LinkContext(options, diagnostics, mappedImage: true), inputs);
    }

    /// <summary>Runs the passes; the image when they succeed, else null (a mapping made on the way is released).</summary>
    private static ImageBuffer? Run(LinkContext ctx, IReadOnlyList<LinkInput> inputs)
    {
        try
        {
            var image = RunPasses(ctx, inputs);
            if (image is null) ctx.Image.Dispose();
            return image;
        }
        catch
        {
            ctx.Image.Dispose();
            throw;
        }
    }

    private static ImageBuffer? RunPasses(LinkContext ctx, IReadOnlyList<LinkInput> inputs)
    {
        var options = ctx.Options;
        var diagnostics = ctx.Diagnostics;
        void Time(string pass) => ctx.Checkpoint(pass);
        try
        {
            SymbolResolution.Run(ctx, inputs);
            if (diagnostics.HasErrors) return null;
            SyntheticSymbols.Define(ctx);
            RelocationTargets.Resolve(ctx);
            Time("resolve relocation targets");
            if (options.GcSections) GarbageCollection.Run(ctx);
            UndefinedSymbols.Report(ctx);
            Time("gc sections, report undefined");
            if (diagnostics.HasErrors) return null;
            CommonSymbols.Allocate(ctx);
            OutputSections.Create(ctx);
            StringMerging.Run(ctx);
            Time("create output sections, merge strings");
            RelocationScan.Run(ctx);
            Time("scan relocations");
            if (diagnostics.HasErrors) return null;
            Layout.Run(ctx);
            if (diagnostics.HasErrors) return null;
            SymbolAddresses.Assign(ctx);
            DebugSections.Collect(ctx);
            Time("layout, symbol addresses");
            ImageWriter.PlanTrailer(ctx);
            Time("symbol table, section headers");
            ImageWriter.CopySections(ctx);
            Time("copy sections");
            RelocationApplier.Run(ctx);
            Time("apply relocations");
            if (diagnostics.HasErrors) return null;
            ImageWriter.Finish(ctx);
            if (options.MapFile is not null) OutputFile.Write(options.MapFile, System.Text.Encoding.UTF8.GetBytes(LinkMap.Render(ctx)));
            Time("write headers");
            return ctx.Image;
        }
        catch (DiagnosticException e)
        {
            diagnostics.Add(e.Diagnostic);
            return null;
        }
    }
}
