namespace MlNetGenre.Experiments.Spec;

/// <summary><c>dataset:</c> which tracks to use. Kinds: <c>synthetic</c> (built in) and <c>folder</c> (&lt;genre&gt;/&lt;file&gt;.wav).</summary>
public sealed class DatasetSpec : SpecNode
{
    public required string Kind { get; set; }
    /// <summary>Folder of a <c>folder</c> dataset, relative to the spec file.</summary>
    public string? Path { get; set; }
    public int Genres { get; set; } = 5;
    public int TracksPerGenre { get; set; } = 20;
    public double Seconds { get; set; } = 10;
    public int SampleRate { get; set; } = 22050;
    /// <summary>What to do with a file that cannot be decoded: <c>skip</c> (report and go on) or <c>fail</c>.</summary>
    public string BadFiles { get; set; } = "skip";
}
