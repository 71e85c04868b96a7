namespace Nas64.Cli.Disassembly;

/// <summary>A section ready to print: its items in order, covering every byte (labels stay on the section).</summary>
public sealed class SectionListing(ImageSection section)
{
    public ImageSection Section { get; } = section;
    public List<ListingItem> Items { get; } = [];
}
