using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.Options;

namespace MlNetGenre.Features.Datasets;

/// <summary>
/// Dataset kind <c>fma-features</c>: FMA's own precomputed features (<c>fma_metadata/features.csv</c>, 518 librosa
/// statistics per track) labelled, grouped by artist and split officially through <c>tracks.csv</c>, the table
/// seed 004's baselines (kNN, logistic regression, MLP, linear SVM) were measured on. Columns are named
/// <c>feature.statistic.number</c> (<c>mfcc.mean.01</c>) and can be chosen by patterns (<c>mfcc.*</c>).
/// </summary>
public sealed class FmaFeaturesDatasetKind : DatasetKind<FmaFeaturesDatasetKind.Options>
{
    public sealed record Options
    {
        [Option("which subset of tracks.csv: small, medium, large or full")] public FmaDataset.Subset Subset { get; init; } = FmaDataset.Subset.Small;
        [Option("column name patterns to keep, as feature.statistic.number (* wildcard); empty = all 518")] public IReadOnlyList<string> Columns { get; init; } = [];
    }

    public override string Name => "fma-features";
    public override string Description => "FMA's precomputed features: fma_metadata/features.csv with tracks.csv's genres, artists and official split";
    public override DatasetCapabilities Capabilities => new() { HasArtists = true, HasOfficialSplit = true, ProvidesFeatureRows = true };

    protected override OpenedDataset Open(DatasetRequest request, Options o)
    {
        string root = PathOf(request);
        string metadata = Directory.Exists(Path.Combine(root, "fma_metadata")) ? Path.Combine(root, "fma_metadata") : root;
        var tracks = FmaTracksCsv.Read(metadata, OptionValues.EnumName(o.Subset)).ToDictionary(t => t.TrackId, StringComparer.Ordinal);
        string path = Path.Combine(metadata, "features.csv");
        if (!File.Exists(path)) throw new DatasetException($"FMA features '{path}' does not exist; unpack fma_metadata.zip there.");

        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, BadDataFound = null });
        // Three header rows (feature, statistics, number), then a "track_id" row, then one row per track.
        var header = new string[3][];
        for (int h = 0; h < 3; h++)
            header[h] = csv.Read() ? csv.Parser.Record! : throw new DatasetException($"{path}: fewer than three header rows; is it FMA's features.csv?");
        if (header[0][0] != "feature" || header[1][0] != "statistics" || header[2][0] != "number")
            throw new DatasetException($"{path}: the header rows must start with feature, statistics and number; is it FMA's features.csv?");
        var names = Enumerable.Range(1, header[0].Length - 1).Select(i => $"{header[0][i]}.{header[1][i]}.{header[2][i]}").ToArray();
        var patterns = o.Columns.Select(p => new Regex("^" + Regex.Escape(p).Replace("\\*", ".*").Replace("\\?", ".") + "$")).ToArray();
        int[] keep = Enumerable.Range(0, names.Length).Where(i => patterns.Length == 0 || patterns.Any(p => p.IsMatch(names[i]))).ToArray();
        if (keep.Length == 0) throw new DatasetException($"{path}: no column matches {string.Join(", ", o.Columns)}; columns look like {string.Join(", ", names.Take(3))}");

        var rows = new List<float[]>();
        var labels = new List<string>();
        var ids = new List<string>();
        var artists = new List<string>();
        var skipped = new List<SkippedTrack>();
        while (csv.Read())
        {
            string[] record = csv.Parser.Record!;
            if (record[0] == "track_id") continue;
            if (!int.TryParse(record[0], NumberStyles.None, CultureInfo.InvariantCulture, out int number)) continue;
            if (!tracks.TryGetValue($"{number:D6}", out var track)) continue; // not in this subset, or no top genre
            var values = new float[keep.Length];
            string? problem = record.Length != names.Length + 1 ? $"has {record.Length} fields, the header has {names.Length + 1}" : null;
            for (int j = 0; problem is null && j < keep.Length; j++)
                if (!float.TryParse(record[keep[j] + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out values[j]) || !float.IsFinite(values[j]))
                    problem = $"column '{names[keep[j]]}' is '{record[keep[j] + 1]}', not a finite number";
            if (problem is not null)
            {
                skipped.Add(new SkippedTrack(track.TrackId, $"{path}: line {csv.Parser.RawRow}: track {track.TrackId} {problem}"));
                continue;
            }
            rows.Add(values);
            labels.Add(track.Genre);
            ids.Add(track.TrackId);
            artists.Add(track.Artist);
        }
        if (rows.Count == 0) throw new DatasetException($"{path}: no row belongs to a '{OptionValues.EnumName(o.Subset)}' track with a top genre.");
        string[] classNames = labels.Distinct().Order(StringComparer.Ordinal).ToArray();
        var table = new FeatureTable(rows, labels.Select(l => Array.IndexOf(classNames, l)).ToArray(), artists, ids, classNames,
            keep.Select(i => names[i]).ToArray());
        var parts = ids.ToDictionary(id => id, id => tracks[id].Part, StringComparer.Ordinal);
        return new FeatureRows(table, skipped, $"FMA {OptionValues.EnumName(o.Subset)} features {path}") { Parts = parts };
    }
}
