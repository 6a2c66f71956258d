using MlNetGenre.Core.Options;
using MlNetGenre.Core.Splitting;

namespace MlNetGenre.Experiments.Plan.Schema;

/// <summary>The keys of <c>split:</c>.</summary>
public sealed record SplitSection
{
    [Option("holdout, kfold, predefined (lists of track ids) or official (the dataset's own split)")] public SplitKind Kind { get; init; } = SplitKind.Holdout;
    [Option("holdout: part of each genre's tracks (or artists) in test", Min = 0.001, Max = 0.999)] public double TestFraction { get; init; } = 0.25;
    [Option("part of the training tracks held out for validation (early stopping)", Min = 0, Max = 0.9)] public double ValidationFraction { get; init; }
    [Option("kfold: number of folds", Min = 2, Max = 1000)] public int K { get; init; } = 5;
    [Option("predefined: file listing the training track ids, relative to the experiment file")] public string? Train { get; init; }
    [Option("predefined: file listing the validation track ids")] public string? Valid { get; init; }
    [Option("predefined: file listing the test track ids")] public string? Test { get; init; }
    [Option("what stays together: track, artist (datasets that know artists) or none (clips leak: warned)")] public Grouping GroupBy { get; init; } = Grouping.Track;
    [Option("re-draw the split with derived seeds; metrics get mean, spread and a 95% interval", Min = 1, Max = 1000)] public int Repeats { get; init; } = 1;
}
