using MlNetGenre.Experiments.Spec;

namespace MlNetGenre.Experiments.Tests;

public class SpecReaderTests
{
    private const string Valid = """
        name: tiny
        seed: 3
        dataset:
          kind: synthetic
          genres: 3
          tracks_per_genre: 4
          seconds: 2
        features:
          - name: mfcc20
            set: mfcc
        models:
          - name: logreg
            family: logistic-regression
            features: mfcc20
            params: {l2: 0.5, iterations: 50}
        """;

    [Fact]
    public void A_valid_spec_is_read_with_its_values()
    {
        var spec = Parse(Valid);
        Assert.Equal("tiny", spec.Name);
        Assert.Equal(3, spec.Dataset.Genres);
        Assert.Equal("holdout", spec.Split.Kind);
        Assert.Equal(0.5, spec.Models[0].Params["l2"]);
        Assert.Equal(50L, spec.Models[0].Params["iterations"]);
    }

    [Fact]
    public void An_unknown_key_names_line_column_and_the_allowed_keys()
    {
        var e = Assert.Throws<SpecException>(() => Parse(Valid.Replace("  seconds: 2", "  seconds: 2\n  secnds: 3")));
        Assert.Equal(8, e.Line);
        Assert.Equal(3, e.Column);
        Assert.Contains("unknown key 'secnds'", e.Message);
        Assert.Contains("tracks_per_genre", e.Message);
        Assert.StartsWith("tiny.yaml:8:3:", e.Message);
    }

    [Fact]
    public void A_duplicate_key_is_an_error_with_its_position()
    {
        var e = Assert.Throws<SpecException>(() => Parse(Valid.Replace("seed: 3", "seed: 3\nseed: 4")));
        Assert.Equal(3, e.Line);
        Assert.Contains("duplicate", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_wrong_type_is_an_error_with_its_position()
    {
        var e = Assert.Throws<SpecException>(() => Parse(Valid.Replace("genres: 3", "genres: three")));
        Assert.Equal(5, e.Line);
        Assert.Equal(11, e.Column);
        Assert.Contains("wrong type", e.Message);
    }

    [Fact]
    public void A_missing_required_key_is_an_error()
    {
        var e = Assert.Throws<SpecException>(() => Parse(Valid.Replace("    family: logistic-regression\n", "")));
        Assert.Contains("family", e.Message);
    }

    [Fact]
    public void A_model_asking_for_an_undefined_feature_set_names_the_model_line()
    {
        var e = Assert.Throws<SpecException>(() => Parse(Valid.Replace("features: mfcc20", "features: chroma")));
        Assert.Equal(12, e.Line);
        Assert.Contains("'chroma'", e.Message);
        Assert.Contains("mfcc20", e.Message);
    }

    [Fact]
    public void An_unknown_family_or_parameter_lists_what_is_allowed()
    {
        var family = Assert.Throws<SpecException>(() => Parse(Valid.Replace("family: logistic-regression", "family: svm")));
        Assert.Contains("logistic-regression", family.Message);
        var parameter = Assert.Throws<SpecException>(() => Parse(Valid.Replace("l2: 0.5", "c: 0.5")));
        Assert.Contains("no parameter 'c'", parameter.Message);
        Assert.Contains("l2", parameter.Message);
        var kind = Assert.Throws<SpecException>(() => Parse(Valid.Replace("iterations: 50", "iterations: 0.5")));
        Assert.Contains("'iterations' must be integer", kind.Message);
    }

    [Fact]
    public void A_folder_dataset_with_a_missing_path_is_an_error()
    {
        string yaml = Valid.Replace("  kind: synthetic", "  kind: folder\n  path: no/such/folder");
        var e = Assert.Throws<SpecException>(() => Parse(yaml));
        Assert.Contains("no/such/folder", e.Message);
        Assert.Equal(4, e.Line);
    }

    private static ExperimentSpec Parse(string yaml)
    {
        var spec = SpecReader.Parse(yaml, "tiny.yaml");
        SpecValidator.Validate(spec);
        return spec;
    }
}
