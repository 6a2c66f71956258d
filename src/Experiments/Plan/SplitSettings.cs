using System.Globalization;
using MlNetGenre.Core.Options;
using MlNetGenre.Core.Splitting;

namespace MlNetGenre.Experiments.Plan;

/// <summary>How tracks are divided (<c>split:</c>); list files are resolved paths.</summary>
public sealed record SplitSettings(SplitKind Kind, double TestFraction, double ValidationFraction, int K, string? TrainList, string? ValidList,
    string? TestList, Grouping GroupBy, int Repeats)
{
    /// <summary>A one-line description for logs and reports, e.g. "holdout 0.25 test, stratified by genre, grouped by track, 3 repeats".</summary>
    public string Describe()
    {
        string kind = Kind switch
        {
            SplitKind.KFold => $"{K}-fold",
            SplitKind.Predefined => "predefined lists",
            SplitKind.Official => "the dataset's official split",
            _ => string.Create(CultureInfo.InvariantCulture, $"holdout {TestFraction:0.##} test"),
        };
        string validation = ValidationFraction > 0 && Kind is not (SplitKind.Predefined or SplitKind.Official)
            ? string.Create(CultureInfo.InvariantCulture, $", {ValidationFraction:0.##} of train for validation") : "";
        string grouping = Kind is SplitKind.Predefined or SplitKind.Official ? "" : ", stratified by genre";
        grouping += GroupBy == Grouping.None ? ", NOT grouped: clips of one track can be in train and test" : $", grouped by {OptionValues.EnumName(GroupBy)}";
        string repeats = Repeats > 1 ? $", {Repeats} repeats" : "";
        return $"{kind}{validation}{grouping}{repeats}";
    }
}

public enum SplitKind
{
    Holdout,
    [YamlName("kfold")] KFold,
    Predefined,
    Official,
}
