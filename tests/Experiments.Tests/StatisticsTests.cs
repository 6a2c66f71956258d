using MlNetGenre.Experiments.Evaluation;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// Intervals and paired tests at the unit that was sampled, checked against SciPy 1.10's figures for the same
/// numbers (stats.t, stats.binomtest), and macro-F1 as scikit-learn defines it.
/// </summary>
public class StatisticsTests
{
    [Fact]
    public void Macro_f1_leaves_out_classes_absent_from_truth_and_predictions()
    {
        var m = ClassificationMetrics.Compute([0, 0, 1, 1], [0, 0, 1, 1], classCount: 3);
        Assert.Equal(1.0, m.MacroF1, 12); // scikit-learn: f1_score([0,0,1,1],[0,0,1,1],average='macro') == 1.0
        var wrong = ClassificationMetrics.Compute([0, 0, 1, 1], [0, 2, 1, 1], classCount: 3);
        Assert.Equal((2.0 / 3 + 1 + 0) / 3, wrong.MacroF1, 12); // class 2 is predicted once, so it counts (F1 0)
    }

    [Fact]
    public void Resampled_splits_get_the_corrected_interval_of_nadeau_and_bengio()
    {
        double[] accuracy = [0.8, 0.85, 0.9, 0.82, 0.88];
        var corrected = Spread.Of(accuracy, new ResamplingDesign(5, Resampled: true, TestOverTrain: 0.25));
        Assert.Equal(0.7732073227581869, corrected.Low, 12);
        Assert.Equal(0.926792677241813, corrected.High, 12);
        var fixedSplit = Spread.Of(accuracy, new ResamplingDesign(5, Resampled: false, TestOverTrain: 0.25));
        Assert.True(fixedSplit.High - fixedSplit.Low < (corrected.High - corrected.Low) / 1.4);
    }

    [Fact]
    public void Intervals_of_proportions_stay_inside_zero_and_one()
    {
        double[] accuracy = [0.85, 1.0, 1.0];
        var design = new ResamplingDesign(3, Resampled: true, TestOverTrain: 0.333);
        Assert.True(Spread.Of(accuracy, design).High > 1); // the t interval itself does not know the bound
        var clipped = Spread.Of(accuracy, design, proportion: true);
        Assert.Equal(1.0, clipped.High);
        Assert.Equal(Spread.Of(accuracy, design).Low, clipped.Low);
    }

    [Fact]
    public void The_corrected_resampled_t_test_matches_scipy()
    {
        Assert.Equal(0.13241892222024934, PairedComparison.CorrectedResampledT([0.02, 0.03, 0.01, 0.04, 0.00], 0.25), 10);
    }

    [Fact]
    public void Clips_of_a_track_are_one_pair_not_many()
    {
        // 10 tracks of 10 clips; the best model gets tracks 0-5 right, the other 0-2: 3 discordant tracks (30 clips).
        var best = Trial("best", 0, track => track < 6);
        var other = Trial("other", 0, track => track < 3);
        var comparison = PairedComparison.Compare([best, other], "best", "other", ResamplingDesign.Of([best, other]))!;
        Assert.Equal(PairedComparison.ExactMcNemar, comparison.Test);
        Assert.Equal(10, comparison.Tracks);
        Assert.Equal((3, 0), (comparison.OnlyBestCorrect, comparison.OnlyOtherCorrect));
        Assert.Equal(0.25, comparison.PValue, 12); // clip-pooled pairs would give 1.86e-9
    }

    [Fact]
    public void Repeats_of_one_fixed_split_count_each_track_once()
    {
        var trials = Enumerable.Range(0, 3).SelectMany(r => new[] { Trial("best", r, t => t < 6), Trial("other", r, t => t < 3) }).ToList();
        var design = ResamplingDesign.Of(trials);
        Assert.False(design.Resampled);
        var comparison = PairedComparison.Compare(trials, "best", "other", design)!;
        Assert.Equal(PairedComparison.ExactMcNemar, comparison.Test);
        Assert.Equal(0.25, comparison.PValue, 12);
        Assert.Equal(3, comparison.PerSplitP.Count);
    }

    [Fact]
    public void Different_splits_use_the_corrected_resampled_t_test()
    {
        var trials = Enumerable.Range(0, 5).SelectMany(r => new[]
        {
            Trial("best", r, t => t < 6, trackOffset: 10 * r), Trial("other", r, t => t < 6 - r % 2, trackOffset: 10 * r),
        }).ToList();
        var design = ResamplingDesign.Of(trials);
        Assert.True(design.Resampled);
        Assert.Equal(5, design.Splits);
        var comparison = PairedComparison.Compare(trials, "best", "other", design)!;
        Assert.Equal(PairedComparison.ResampledT, comparison.Test);
        double[] differences = [0, 0.1, 0, 0.1, 0];
        Assert.Equal(PairedComparison.CorrectedResampledT(differences, design.TestOverTrain), comparison.PValue, 12);
    }

    /// <summary>A trial on 10 tracks of 10 clips (2 classes), correct on every clip of the tracks <paramref name="correct"/> picks.</summary>
    private static TrialResult Trial(string model, int repeat, Func<int, bool> correct, int trackOffset = 0) => new()
    {
        Model = model, Family = "f", Features = "x", Repeat = repeat, Fold = 0, Seed = repeat, Status = TrialResult.Succeeded, TrainItems = 300,
        Predictions = Enumerable.Range(0, 100).Select(i =>
        {
            int track = i / 10, truth = track % 2;
            float[] p = correct(track) == (truth == 0) ? [0.9f, 0.1f] : [0.1f, 0.9f];
            string id = $"t{track + trackOffset}";
            return new Running.Prediction($"{id}#{i % 10}", id, truth, p);
        }).ToList(),
    };
}
