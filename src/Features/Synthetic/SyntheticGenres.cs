using System.Diagnostics.CodeAnalysis;
using MlNetGenre.Features.Synthetic.Styles;

namespace MlNetGenre.Features.Synthetic;

/// <summary>
/// The genres of the synthetic dataset, in a fixed order (a dataset of N genres takes the first N).
/// Names follow GTZAN's: blues, classical, disco, hiphop, jazz, metal, reggae, rock.
/// </summary>
public static class SyntheticGenres
{
    private static readonly GenreStyle[] Styles =
    [
        new BluesStyle(),
        new ClassicalStyle(),
        new DiscoStyle(),
        new HiphopStyle(),
        new JazzStyle(),
        new MetalStyle(),
        new ReggaeStyle(),
        new RockStyle(),
    ];

    public static IReadOnlyList<SyntheticGenre> All { get; } = Array.AsReadOnly(Styles.Select(s => s.Genre).ToArray());

    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(Styles.Select(s => s.Genre.Name).ToArray());

    public static int Count => Styles.Length;

    /// <summary>The genre with this name (case-insensitive); throws <see cref="ArgumentException"/> naming the known genres.</summary>
    public static SyntheticGenre Get(string name) => Style(name).Genre;

    public static bool TryGet(string? name, [MaybeNullWhen(false)] out SyntheticGenre genre)
    {
        genre = Find(name)?.Genre;
        return genre is not null;
    }

    internal static GenreStyle Style(string name) =>
        Find(name) ?? throw new ArgumentException(
            $"Unknown synthetic genre '{name}'. Known genres: {string.Join(", ", Names)}.", nameof(name));

    private static GenreStyle? Find(string? name) =>
        name is null ? null : Array.Find(Styles, s => string.Equals(s.Genre.Name, name, StringComparison.OrdinalIgnoreCase));
}
