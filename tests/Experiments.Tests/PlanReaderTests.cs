using MlNetGenre.Core.Spec;
using MlNetGenre.Experiments.Plan;

namespace MlNetGenre.Experiments.Tests;

public class PlanReaderTests
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
            params: {c: 0.5, max_iter: 50}
        """;

    [Fact]
    public void A_valid_spec_is_resolved_into_typed_parts()
    {
        var plan = Parse(Valid);
        Assert.Equal("tiny", plan.Name);
        Assert.Equal(3, plan.Seed);
        Assert.Equal("synthetic", plan.Dataset.Kind.Name);
        Assert.Equal(3, ((Features.Datasets.SyntheticDataset.Options)plan.Dataset.Options).Genres);
        Assert.Equal(SplitKind.Holdout, plan.Split.Kind);
        Assert.Equal(22050, plan.Audio.SampleRate);
        Assert.Equal(2.0, plan.Audio.ItemSeconds);
        var options = (Baselines.LogisticRegressionFamily.Options)Assert.Single(plan.Models[0].Candidates);
        Assert.Equal(0.5, options.C);
        Assert.Equal(50, options.MaxIter);
        Assert.Equal(1e-4, options.Tol); // the default, written once in the options record
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
    public void A_wrong_type_is_an_error_with_its_position_and_the_allowed_range()
    {
        var e = Assert.Throws<SpecException>(() => Parse(Valid.Replace("genres: 3", "genres: three")));
        Assert.Equal(5, e.Line);
        Assert.Equal(11, e.Column);
        Assert.Contains("'genres' must be an integer from 2 to 8", e.Message);
    }

    [Fact]
    public void A_missing_required_key_points_at_its_mapping()
    {
        var e = Assert.Throws<SpecException>(() => Parse(Valid.Replace("    family: logistic-regression\n", "")));
        Assert.Contains("family", e.Message);
        Assert.Equal(12, e.Line);
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
    public void An_unknown_family_or_option_lists_what_is_allowed()
    {
        var family = Assert.Throws<SpecException>(() => Parse(Valid.Replace("family: logistic-regression", "family: svm")));
        Assert.Contains("logistic-regression", family.Message);
        var option = Assert.Throws<SpecException>(() => Parse(Valid.Replace("c: 0.5", "l2: 0.5")));
        Assert.Contains("no option 'l2'", option.Message);
        Assert.Contains("max_iter", option.Message);
        var kind = Assert.Throws<SpecException>(() => Parse(Valid.Replace("max_iter: 50", "max_iter: 0.5")));
        Assert.Contains("'max_iter' must be an integer", kind.Message);
    }

    [Fact]
    public void A_folder_dataset_with_a_missing_path_is_an_error_at_the_path()
    {
        string yaml = Valid.Replace("  kind: synthetic\n  genres: 3\n  tracks_per_genre: 4\n  seconds: 2", "  kind: folder\n  path: no/such/folder");
        var e = Assert.Throws<SpecException>(() => Parse(yaml));
        Assert.Contains("no/such/folder", e.Message);
        Assert.Equal(5, e.Line);
    }

    [Theory]
    [InlineData("audio:\n  clip_seconds: .nan", "'clip_seconds' must be a number from 0 to 3600")]
    [InlineData("audio:\n  clip_seconds: -1", "'clip_seconds' must be a number from 0 to 3600")]
    [InlineData("audio:\n  sample_rate: 2147483647", "sample_rate must be a rate in Hz from 4000 to 192000")]
    [InlineData("audio:\n  remainder: keep", "'remainder' must be one of drop, pad")]
    [InlineData("split:\n  kind: kfold\n  k: 1", "'k' must be an integer from 2 to 1000")]
    [InlineData("split:\n  repeats: 1000000", "'repeats' must be an integer from 1 to 1000")]
    [InlineData("split:\n  group_by: artist", "group_by: artist needs a dataset that knows artists")]
    [InlineData("split:\n  kind: official", "'official' uses the dataset's own split")]
    [InlineData("scoring: {device: tpu}", "'device' must be one of auto, cpu, cuda")]
    public void Out_of_range_values_are_errors_naming_the_range(string section, string expected)
    {
        var e = Assert.Throws<SpecException>(() => Parse(Valid + "\n" + section + "\n"));
        Assert.Contains(expected, e.Message);
        Assert.True(e.Line > 0 && e.Column > 0);
    }

    [Theory]
    [InlineData("set: mfcc", "set: mfcc\n    params: {n_fft: 2147483647}", "'n_fft' must be an integer from 16 to 65536")]
    [InlineData("set: mfcc", "set: mfcc\n    params: {n_mfcc: 40, n_mels: 32}", "n_mfcc (40) must not exceed n_mels (32)")]
    [InlineData("set: mfcc", "set: stft", "family 'logistic-regression' takes feature vectors")]
    [InlineData("set: mfcc", "set: chroma", "unknown feature set 'chroma'")]
    [InlineData("name: tiny", "name: '..'", "name '..' must be a word")]
    [InlineData("name: logreg", "name: ../../escape", "model name '../../escape' must be a word")]
    [InlineData("c: 0.5, max_iter: 50", "c: 0.5, max_iter: 50}\n    grid: {tol: {from: 0.000000001, to: 1, step: 0.000000001}", "values; use a larger step")]
    [InlineData("c: 0.5, max_iter: 50", "max_iter: 50}\n    grid: {c: [1, 2], max_iter: [1, 2]", "'max_iter' is both fixed")]
    public void Malformed_values_are_errors_with_a_position(string find, string replace, string expected)
    {
        var e = Assert.Throws<SpecException>(() => Parse(Valid.Replace(find, replace)));
        Assert.Contains(expected, e.Message);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void A_grid_of_too_many_candidates_is_refused_before_anything_runs()
    {
        string grid = "    grid: {" + string.Join(", ", Enumerable.Range(0, 4).Select(i => $"x{i}: {{from: 1, to: 1000}}")) + "}";
        string yaml = Valid.Replace("    params: {c: 0.5, max_iter: 50}", grid.Replace("x0", "c").Replace("x1", "max_iter").Replace("x2", "tol").Replace("x3", "penalty"));
        var e = Assert.Throws<SpecException>(() => Parse(yaml));
        Assert.Contains("more than 100,000 candidates", e.Message);
    }

    [Fact]
    public void An_alias_bomb_is_refused_quickly_with_its_position()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (int i = 1; i < 12; i++) lines.Add($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<SpecException>(() => Parse(string.Join("\n", lines) + "\n" + Valid));
        Assert.Contains("aliases", e.Message);
        Assert.True(clock.Elapsed.TotalSeconds < 5);
    }

    [Fact]
    public void Deep_nesting_and_broken_yaml_are_errors_with_a_position()
    {
        var deep = Assert.Throws<SpecException>(() => Parse("name: " + new string('[', 200) + new string(']', 200)));
        Assert.Contains("nested deeper", deep.Message);
        var broken = Assert.Throws<SpecException>(() => Parse("name: tiny\ndataset: {kind: synthetic\n"));
        Assert.Contains("not valid YAML", broken.Message);
        Assert.True(broken.Line >= 2);
        var empty = Assert.Throws<SpecException>(() => Parse(""));
        Assert.Contains("empty", empty.Message);
    }

    private static ExperimentPlan Parse(string yaml) => PlanReader.Parse(yaml, "tiny.yaml");
}
