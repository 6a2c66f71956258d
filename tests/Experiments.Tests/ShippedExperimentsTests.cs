using MlNetGenre.Experiments.Spec;

namespace MlNetGenre.Experiments.Tests;

public class ShippedExperimentsTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "experiments"), "*.yaml").Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_shipped_synthetic_experiment_is_valid(string file)
    {
        var spec = SpecReader.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "experiments", file)), file);
        if (spec.Dataset.Kind == "synthetic") SpecValidator.Validate(spec);
        Assert.NotEmpty(spec.Models);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlNetGenre.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("MlNetGenre.sln not found above the test assembly");
    }
}
