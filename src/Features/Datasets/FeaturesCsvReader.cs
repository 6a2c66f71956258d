using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using MlNetGenre.Core.Data;

namespace MlNetGenre.Features.Datasets;

/// <summary>
/// Dataset kind <c>features-csv</c>: precomputed features, one row per track or clip, with columns
/// <c>filename</c>, <c>label</c> and numeric features (the Kaggle GTZAN tables also have <c>length</c>,
/// which is ignored). Columns can be chosen by name patterns (<c>mfcc*</c>). A row's track is its file name
/// without extension and without a Kaggle clip suffix (<c>blues.00000.3.wav</c> is track <c>blues.00000</c>),
/// so clips of a track stay together in splits. Bad rows (unparsable values, a quote left open, a file
/// listed twice) are an error naming the line and column, or are
/// skipped and reported when <c>skipBadRows</c> is set.
/// </summary>
public static partial class FeaturesCsvReader
{
    private static readonly string[] NonFeatureColumns = ["filename", "label", "length"];

    public sealed record Result(FeatureTable Table, IReadOnlyList<SkippedTrack> Skipped);

    public static Result Read(string path, IReadOnlyList<string> columnPatterns, bool skipBadRows)
    {
        if (!File.Exists(path)) throw new DatasetException($"Features CSV '{path}' does not exist; fix `dataset.path` or pass --dataset-root.");
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, MissingFieldFound = null });
        if (!csv.Read() || !csv.ReadHeader()) throw new DatasetException($"{path}: the file is empty; expected a header row filename,label,<features...>.");
        string[] header = csv.HeaderRecord!;
        int filenameColumn = Array.IndexOf(header, "filename"), labelColumn = Array.IndexOf(header, "label");
        if (filenameColumn < 0 || labelColumn < 0)
            throw new DatasetException($"{path}: the header needs 'filename' and 'label' columns (it has {string.Join(", ", header.Take(6))}...).");
        var patterns = columnPatterns.Select(p => new Regex("^" + Regex.Escape(p).Replace("\\*", ".*").Replace("\\?", ".") + "$")).ToArray();
        int[] featureColumns = Enumerable.Range(0, header.Length)
            .Where(i => !NonFeatureColumns.Contains(header[i]) && (patterns.Length == 0 || patterns.Any(p => p.IsMatch(header[i])))).ToArray();
        if (featureColumns.Length == 0)
            throw new DatasetException($"{path}: no feature column matches {string.Join(", ", columnPatterns)}; columns are {string.Join(", ", header.Where(h => !NonFeatureColumns.Contains(h)).Take(10))}...");

        var rows = new List<float[]>(); var labels = new List<string>(); var items = new List<string>(); var tracks = new List<string>();
        var skipped = new List<SkippedTrack>();
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        int lastLine = csv.Parser.RawRow;
        while (csv.Read())
        {
            // Lines, not records, so that the number is where an editor shows the row; a record spanning several
            // lines is a quote left open (it would swallow the rows after it), never a real feature row.
            int line = lastLine + 1, endLine = csv.Parser.RawRow;
            lastLine = endLine;
            if (endLine > line) endLine = Math.Min(endLine, File.ReadLines(path).Count()); // a quote open to the end counts the final newline
            string[] record = csv.Parser.Record!;
            float[] values = [];
            string? problem = endLine > line
                ? $"a quoted field runs on to line {endLine}, taking {endLine - line} more line(s) with it (an unterminated quote?)"
                : Problem(record, header, featureColumns, labelColumn, out values);
            if (problem is null && firstLineOf.TryGetValue(record[filenameColumn], out int first))
                problem = $"filename '{record[filenameColumn]}' is already on line {first}; each row must be a different file or clip";
            if (problem is not null)
            {
                string message = $"{path}: line {line}: {problem}";
                if (!skipBadRows) throw new DatasetException(message + ". Fix the row, or set `bad_files: skip` to leave such rows out.");
                skipped.Add(new SkippedTrack(endLine > line ? $"line {line}" : record.ElementAtOrDefault(filenameColumn) ?? $"line {line}", message));
                continue;
            }
            firstLineOf[record[filenameColumn]] = line;
            rows.Add(values);
            labels.Add(record[labelColumn]);
            items.Add(record[filenameColumn]);
            tracks.Add(TrackOf(record[filenameColumn]));
        }
        if (rows.Count == 0) throw new DatasetException($"{path}: no usable rows.");
        string[] classNames = labels.Distinct().Order(StringComparer.Ordinal).ToArray();
        var table = new FeatureTable(rows, labels.Select(l => Array.IndexOf(classNames, l)).ToArray(), tracks, items, classNames,
            featureColumns.Select(i => header[i]).ToArray()) { TrackIds = tracks };
        return new Result(table, skipped);
    }

    private static string? Problem(string[] record, string[] header, int[] featureColumns, int labelColumn, out float[] values)
    {
        values = [];
        if (record.Length != header.Length) return $"has {record.Length} fields, the header has {header.Length}";
        if (string.IsNullOrWhiteSpace(record[labelColumn])) return "has no label";
        values = new float[featureColumns.Length];
        for (int j = 0; j < featureColumns.Length; j++)
        {
            string text = record[featureColumns[j]];
            if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
                return $"column '{header[featureColumns[j]]}' is '{text}', not a number";
            if (!float.IsFinite(v)) return $"column '{header[featureColumns[j]]}' is {text} (NaN or infinite)";
            values[j] = v;
        }
        return null;
    }

    /// <summary>blues.00000.3.wav (a Kaggle 3-second clip) and blues.00000.wav both belong to track blues.00000.</summary>
    public static string TrackOf(string filename)
    {
        string stem = Path.GetFileNameWithoutExtension(filename);
        var clip = KaggleClip().Match(stem);
        return clip.Success ? clip.Groups[1].Value : stem;
    }

    [GeneratedRegex(@"^(.+\.\d{5})\.\d+$")]
    private static partial Regex KaggleClip();
}
