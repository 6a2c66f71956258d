using System.Globalization;
using MlNetGenre.Core.Spec;

namespace MlNetGenre.Core.Options;

/// <summary>
/// A model's <c>grid:</c> as candidates: each key's values (a list, one value, or a range
/// <c>{from: 4, to: 30, step: 2}</c> with both ends included), crossed in key order, each candidate being the
/// fixed entries plus one value per grid key. Values keep their positions, so a bad one is reported where it is written.
/// </summary>
public static class GridExpansion
{
    /// <summary>More candidates than this is a mistake (a range with a tiny step), not a search.</summary>
    public const long MaxCandidates = 100_000;

    public static IReadOnlyList<IReadOnlyList<SpecEntry>> Candidates(IReadOnlyList<SpecEntry> fixedEntries, SpecMapping? grid)
    {
        if (grid is null || grid.Entries.Count == 0) return [fixedEntries];
        var axes = grid.Entries.Select(e => (e.Key, Values: Values(e))).OrderBy(a => a.Key.Text, StringComparer.Ordinal).ToArray();
        long count = 1;
        foreach (var axis in axes)
        {
            count *= axis.Values.Count;
            if (count > MaxCandidates)
                throw new SpecException(grid.Position, $"the grid has more than {MaxCandidates:N0} candidates; narrow its ranges or use larger steps");
        }
        IEnumerable<IReadOnlyList<SpecEntry>> combos = [fixedEntries];
        foreach (var (key, values) in axes)
            combos = combos.SelectMany(c => values.Select(v => (IReadOnlyList<SpecEntry>)[.. c, new SpecEntry(key, v)]));
        return combos.ToList();
    }

    /// <summary>How many candidates a grid gives, without building them.</summary>
    public static long Count(SpecMapping? grid) =>
        grid is null ? 1 : grid.Entries.Aggregate(1L, (n, e) => n * Values(e).Count);

    private static IReadOnlyList<SpecValue> Values(SpecEntry entry)
    {
        switch (entry.Value)
        {
            case SpecSequence { Items.Count: 0 } empty:
                throw new SpecException(empty.Position, $"grid '{entry.Key.Text}' is an empty list; give at least one value");
            case SpecSequence sequence:
                return sequence.Items;
            case SpecMapping range:
                return Range(entry.Key.Text, range);
            default:
                return [entry.Value];
        }
    }

    private static IReadOnlyList<SpecValue> Range(string name, SpecMapping range)
    {
        foreach (var e in range.Entries)
            if (e.Key.Text is not ("from" or "to" or "step"))
                throw new SpecException(e.Key.Position, $"grid '{name}' range takes from, to and step, not '{e.Key.Text}'");
        SpecScalar Bound(string key) => range.Find(key)?.Value as SpecScalar
            ?? throw new SpecException(range.Position, $"grid '{name}' range needs '{key}:' (write {{from: A, to: B, step: S}})");
        double Number(SpecScalar s) => s.TryNumber(out double v) && double.IsFinite(v) ? v
            : throw new SpecException(s.Position, $"grid '{name}' range bounds must be finite numbers, not {s.Describe()}");
        var from = Bound("from");
        var to = Bound("to");
        var stepScalar = range.Find("step")?.Value as SpecScalar;
        double start = Number(from), end = Number(to), step = stepScalar is null ? 1 : Number(stepScalar);
        if (step <= 0 || end < start) throw new SpecException(range.Position, $"grid '{name}' range needs from <= to and a step > 0");
        double steps = Math.Floor((end - start) / step + 1e-9) + 1;
        if (steps > MaxCandidates) throw new SpecException(range.Position, $"grid '{name}' range has {steps:N0} values; use a larger step");
        bool integers = from.TryInteger(out _) && to.TryInteger(out _) && (stepScalar is null || stepScalar.TryInteger(out _));
        return Enumerable.Range(0, (int)steps).Select(i =>
        {
            double v = start + i * step;
            string text = integers ? ((long)Math.Round(v)).ToString(CultureInfo.InvariantCulture) : Math.Round(v, 12).ToString("R", CultureInfo.InvariantCulture);
            return (SpecValue)new SpecScalar(text, false, range.Position);
        }).ToList();
    }
}
