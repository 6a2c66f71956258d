using System.Collections.Concurrent;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Running;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// Where grid-search fits run: in parallel with one thread each for most families; one after another on the calling
/// thread with the whole thread budget for a family whose fits must run alone (the deep families, whose grid fits
/// otherwise ran single-threaded on a thread-pool thread, the slow glibc arena for libtorch's large blocks).
/// </summary>
public class CandidateSearchThreadingTests
{
    [Fact]
    public void A_family_whose_fits_run_alone_gets_every_thread_on_the_calling_thread()
    {
        var family = new RecordingFamily(fitsInParallel: false);
        CandidateSearch.Select(Grid(family), Table(), new FitContext(1, Threads: 3));
        Assert.Equal(3 * 2, family.Fits.Count); // 3 candidates x 2 folds
        Assert.All(family.Fits, fit => Assert.Equal((Environment.CurrentManagedThreadId, 3), fit));
    }

    [Fact]
    public void Other_families_fit_in_parallel_with_one_thread_each()
    {
        var family = new RecordingFamily(fitsInParallel: true);
        CandidateSearch.Select(Grid(family), Table(), new FitContext(1, Threads: 3));
        Assert.Equal(3 * 2, family.Fits.Count);
        Assert.All(family.Fits, fit => Assert.Equal(1, fit.Threads));
    }

    private static ModelPlan Grid(IModelFamily family) =>
        new("recording", family, new FeaturePlan("f", null, null), [new RecordingFamily.Options(1), new RecordingFamily.Options(2), new RecordingFamily.Options(3)],
            new CvSettings(2, CvMetric.Accuracy), new Core.Spec.SourcePosition("test", 1, 1));

    /// <summary>Two classes of four single-item tracks each.</summary>
    private static FeatureTable Table()
    {
        var ids = Enumerable.Range(0, 8).Select(i => $"t{i}").ToArray();
        return new FeatureTable(ids.Select((_, i) => new[] { (float)i }).ToArray(), ids.Select((_, i) => i % 2).ToArray(), ids, ids, ["a", "b"], ["x"]);
    }

    /// <summary>A family that records, for each fit, the thread it ran on and the thread budget it was given.</summary>
    private sealed class RecordingFamily(bool fitsInParallel) : IModelFamily
    {
        public sealed record Options([property: Option("a value to tell candidates apart")] int Value = 1);

        public ConcurrentBag<(int Thread, int Threads)> Fits { get; } = [];
        public string Name => "recording";
        public string Description => "a test double that records where it fits";
        public object DefaultOptions => new Options();
        public ModelInput Accepts => ModelInput.Vector;
        public bool FitsInParallel => fitsInParallel;

        public IFittedModel Fit(FeatureTable training, object options, FitContext context)
        {
            Fits.Add((Environment.CurrentManagedThreadId, context.Threads));
            return new Uniform();
        }

        private sealed class Uniform : IFittedModel
        {
            public float[] PredictProbabilities(float[] features) => [0.5f, 0.5f];
            public string Description => "uniform";
        }
    }
}
