using System.Text;
using System.Xml.Linq;
using CimSim.Simulator.Plots;
using NUnit.Framework;
using OxyPlot;

namespace CimSim.Tests.Plots;

public class ChartFilesTests
{
    private static PlotModel Model() => BarChart.Stacked("Energy per inference by component", ["hcim", "adc7"],
        [new CategorySeries("crossbar", [1, 2], 0), new CategorySeries("interconnect", [3, 1], 9), new CategorySeries("leakage", [2, 8], ChartStyle.BlackSlot)],
        "Energy (µJ)", "Chip", "leakage on top", ["6 µJ", "11 µJ"]);

    [Test]
    public void TheSvgIsAValidDocumentWithTheTextsInTheHouseFont()
    {
        string svg = ChartFiles.Svg(Model());
        var doc = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.That(doc.Root!.Name, Is.EqualTo(ns + "svg"));
        Assert.That((string?)doc.Root.Attribute("width"), Is.EqualTo("800"));
        Assert.That((string?)doc.Root.Attribute("height"), Is.EqualTo("500"));
        var texts = doc.Descendants(ns + "text").ToList();
        var words = texts.Select(t => t.Value).ToList();
        Assert.That(words, Does.Contain("Energy per inference by component").And.Contain("Energy (µJ)").And.Contain("interconnect").And.Contain("hcim").And.Contain("11 µJ"));
        Assert.That(texts.Select(t => (string?)t.Attribute("font-family")), Is.All.EqualTo(ChartStyle.Font));
        Assert.That(svg, Does.Not.Contain("dominant-baseline=\"hanging\""), "librsvg ignores hanging baselines");
        Assert.That(svg, Does.Not.Contain("\r"));
    }

    [Test]
    public void TheLegendFitsInsideTheCanvas()
    {
        // The longest class name is drawn wholly inside the chart: its start plus its measured width stays left of the right edge.
        var doc = XDocument.Parse(ChartFiles.Svg(Model()));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var text = doc.Descendants(ns + "text").Single(t => t.Value == "interconnect");
        string transform = (string)text.Attribute("transform")!;
        double x = double.Parse(transform.Split('(', ',')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(x + 65.4, Is.LessThan(800 - 8), "Liberation Sans width of 'interconnect' at 12 px is 65.4 px");
    }

    [Test]
    public void ThePdfIsAPdfOfTheSvgsSizeAtNinetySixPixelsPerInch()
    {
        byte[] pdf = ChartFiles.Pdf(Model());
        string text = Encoding.Latin1.GetString(pdf);
        Assert.That(text, Does.StartWith("%PDF-"));
        Assert.That(text.TrimEnd(), Does.EndWith("%%EOF"));
        Assert.That(text, Does.Contain("/MediaBox [0 0 600 375]"));
        Assert.That(text, Does.Contain("/BaseFont /Arial"));
        Assert.That(text, Does.Contain("/CreationDate (" + ChartFiles.PdfCreationDate + ")"), "a fixed date: renders at different times are the same");
    }

    [Test]
    public void RendersAreByteForByteTheSame()
    {
        var a = ChartFiles.Render(Model(), "x");
        var b = ChartFiles.Render(Model(), "x");
        var model = Model();
        var c = ChartFiles.Render(model, "x");
        var d = ChartFiles.Render(model, "x");
        Assert.That(a.Select(f => f.FileName), Is.EqualTo(new[] { "x.svg", "x.pdf" }));
        for (int i = 0; i < a.Count; i++)
        {
            Assert.That(b[i].Content, Is.EqualTo(a[i].Content), "a new model: " + a[i].FileName);
            Assert.That(c[i].Content, Is.EqualTo(a[i].Content), a[i].FileName);
            Assert.That(d[i].Content, Is.EqualTo(a[i].Content), "the same model twice: " + a[i].FileName);
        }
    }

    [Test]
    public void WriteLeavesTheThreeFilesAndNoTemporaryOnes()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cimsim-chartfiles-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "energy.svg"), "old");
            var paths = ChartFiles.Write(new Chart("energy", Model(), "chip,a\nx,1\n"), dir);
            Assert.That(paths.Select(Path.GetFileName), Is.EqualTo(new[] { "energy.svg", "energy.pdf", "energy.csv" }));
            Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "energy.csv", "energy.pdf", "energy.svg" }));
            Assert.That(File.ReadAllText(Path.Combine(dir, "energy.svg")), Is.EqualTo(ChartFiles.Svg(Model())), "replaced");
            Assert.That(File.ReadAllText(Path.Combine(dir, "energy.csv")), Is.EqualTo("chip,a\nx,1\n"));
            string missing = Path.Combine(dir, "no", "such");
            Assert.Throws<DirectoryNotFoundException>(() => ChartFiles.Write(Model(), missing, "x"));
            Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(3));
        }
        finally { Directory.Delete(dir, true); }
    }
}
