using System.Text.RegularExpressions;
using MlNetGenre.Experiments.Evaluation;
using MlNetGenre.Experiments.Reports;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Tests;

public class ReportRenderingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetgenre-report-").FullName;

    [Fact]
    public void The_report_embeds_plotly_once_and_loads_nothing_from_the_network()
    {
        string html = HtmlReport.Render(SampleRun());
        Assert.Equal(1, Regex.Count(html, Regex.Escape(PlotlyScript.Source[..300])));
        Assert.Equal(2, Regex.Count(html, "<script>"));
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("<script src", html);
        // scores, times, per-class F1, and a confusion matrix and ROC curves per model
        Assert.Equal(7, Regex.Count(html, "Plotly.newPlot\\(\"chart-"));
    }

    [ChromiumFact]
    public void The_report_renders_in_headless_chromium_with_every_chart_drawn()
    {
        string page = Path.Combine(_folder, "report.html");
        File.WriteAllText(page, HtmlReport.Render(SampleRun()));

        var (dom, stderr) = Chromium.Run(page, "--dump-dom");
        Assert.DoesNotContain("Uncaught", stderr);
        // Plotly marks each drawn chart and creates SVG layers; bars and heatmap leave their own nodes.
        Assert.Equal(7, Regex.Count(dom, "class=\"[^\"]*js-plotly-plot"));
        Assert.True(Regex.Count(dom, "class=\"main-svg\"") >= 14, "every chart has its SVG layers");
        Assert.Equal(4, Regex.Count(dom, "class=\"trace bars\""));
        Assert.Equal(3, Regex.Count(dom, "class=\"hm\""));
        Assert.True(Regex.Count(dom, "class=\"js-line\"") >= 8, "ROC curves are drawn");

        string screenshot = Path.Combine(_folder, "shot.png");
        Chromium.Run(page, $"--screenshot={screenshot}", "--window-size=1000,1800", "--hide-scrollbars");
        var image = PngImage.Read(screenshot);
        int nonWhite = 0;
        var colours = new HashSet<int>();
        for (int i = 0; i < image.Width * image.Height; i++)
        {
            byte r = image.Rgba[4 * i], g = image.Rgba[4 * i + 1], b = image.Rgba[4 * i + 2];
            if (r < 235 || g < 235 || b < 235) nonWhite++;
            colours.Add((r << 16) | (g << 8) | b);
        }
        Assert.True(nonWhite > image.Width * image.Height / 50, $"only {nonWhite} non-white pixels: the page looks blank");
        Assert.True(colours.Count > 50, $"only {colours.Count} colours: charts were not drawn");
    }

    /// <summary>A real run of the tiny experiment with two models and three repeats.</summary>
    internal static RunResult SampleRun()
    {
        using var tiny = new TinyExperiment();
        return tiny.Run(TinyExperiment.Spec.Replace("  test_fraction: 0.25", "  test_fraction: 0.25\n  repeats: 3") + """

              - name: strong-l2
                family: logistic-regression
                features: mfcc13
                params: {c: 0.01}
            """);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
