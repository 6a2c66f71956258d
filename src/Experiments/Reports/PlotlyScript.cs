namespace MlNetGenre.Experiments.Reports;

/// <summary>
/// plotly.js, taken from the Plotly.NET package (which embeds the minified script as a resource), so a
/// report draws its charts offline with no CDN. Loaded once per process.
/// </summary>
public static class PlotlyScript
{
    private static readonly Lazy<string> Script = new(Load);

    public static string Source => Script.Value;

    private static string Load()
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        string name = assembly.GetManifestResourceNames()
            .FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("The Plotly.NET assembly no longer embeds plotly.js; reports cannot be drawn offline.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
