using MlNetGenre.Core.Options;

namespace MlNetGenre.Experiments.Plan.Schema;

/// <summary>The keys of a model's <c>export:</c>.</summary>
public sealed record ExportSection
{
    [Option("also write models/<name>.audio.onnx: the feature front end inside the graph, audio in (mfcc, mfcc-matrix, logmel, stft)")]
    public bool AudioIn { get; init; }
}
