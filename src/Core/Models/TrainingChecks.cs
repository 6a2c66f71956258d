using MlNetGenre.Core.Data;

namespace MlNetGenre.Core.Models;

/// <summary>What every family checks before fitting, whatever its kind.</summary>
public static class TrainingChecks
{
    /// <summary>One class is no classifier: it would score "100%" with an undefined AUC.</summary>
    public static void RequireTwoClasses(string family, FeatureTable training)
    {
        int classesPresent = training.ClassIndex.Distinct().Count();
        if (classesPresent < 2)
            throw new ArgumentException($"{family} cannot be fitted on {training.Count} item(s) of {classesPresent} class(es): a classifier needs items of at least two classes", nameof(training));
    }
}
