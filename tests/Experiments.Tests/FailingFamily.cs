using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;

namespace MlNetGenre.Experiments.Tests;

/// <summary>A model family whose fit always throws, to check that one failing model does not stop a run.</summary>
internal sealed class FailingFamily : ModelFamily<FailingFamily.Options>
{
    public const string FamilyName = "always-fails";

    public sealed record Options;

    public override string Name => FamilyName;
    public override string Description => "a test double that always fails";

    protected override IFittedModel Fit(FeatureTable training, Options options, FitContext context) =>
        throw new InvalidOperationException("this family always fails (test double)");
}
