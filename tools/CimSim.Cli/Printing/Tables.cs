using Spectre.Console;
using Spectre.Console.Rendering;

namespace CimSim.Cli.Printing;

/// <summary>The CLI's one table style: a simple border, a title, headers with units, numbers right-aligned.</summary>
public static class Tables
{
    /// <summary>A table; a header starting with '&gt;' is a right-aligned (numeric) column.</summary>
    public static Table New(string? title, params string[] headers)
    {
        var t = new Table().Border(TableBorder.Simple);
        if (title is not null) t.Title(new TableTitle(Markup.Escape(title)));
        foreach (var h in headers)
        {
            bool right = h.StartsWith('>');
            var c = new TableColumn(new Text(right ? h[1..] : h));
            if (right) c.RightAligned(); else c.LeftAligned();
            t.AddColumn(c);
        }
        return t;
    }

    /// <summary>Adds a row of plain text cells (no markup is interpreted).</summary>
    public static Table Row(this Table t, params string[] cells)
    {
        t.AddRow(cells.Select(c => (IRenderable)new Text(c)).ToArray());
        return t;
    }
}
