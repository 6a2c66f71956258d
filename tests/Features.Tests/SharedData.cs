using Xunit;

namespace MlNetGenre.Testing;

// This file is meant to be linked into every test project that reads ../shared/data
// (<Compile Include="../Features.Tests/SharedData.cs" />), so the locator and both attributes live together.

/// <summary>
/// Locates the read-only shared data folder (<c>shared/data</c>, next to the repository, see
/// shared/data/README.md): the folder named by the MLNETGENRE_SHARED_DATA environment variable, else the
/// first <c>shared/data</c> holding a <c>reference</c> folder found walking up from the working directory
/// or from the test assembly's folder. A user's clone has no ../shared, so tests that need it skip.
/// </summary>
public static class SharedData
{
    public const string EnvironmentVariable = "MLNETGENRE_SHARED_DATA";

    private static readonly Lazy<string?> Located = new(Locate);

    /// <summary>The absolute path of shared/data, or null when it cannot be found.</summary>
    public static string? DataDirectory => Located.Value;

    public static bool IsAvailable => DataDirectory is not null;

    /// <summary>Why tests that need the folder are skipped.</summary>
    public static string SkipReason
    {
        get
        {
            string? variable = Environment.GetEnvironmentVariable(EnvironmentVariable);
            string where = string.IsNullOrWhiteSpace(variable)
                ? $"no shared/data/reference folder above '{Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}'"
                : $"{EnvironmentVariable} is '{variable}', which has no reference folder";
            return $"../shared/data is absent: {where}. These tests need the shared reference data (see shared/data/README.md); " +
                $"clone the project next to a copy of shared/ or set {EnvironmentVariable} to its data folder.";
        }
    }

    /// <summary>A path inside shared/data; throws with the skip reason when the folder is absent.</summary>
    public static string PathOf(params string[] parts)
    {
        string root = DataDirectory ?? throw new InvalidOperationException(SkipReason);
        return Path.Combine([root, .. parts]);
    }

    private static string? Locate()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Directory.Exists(Path.Combine(fromEnvironment, "reference")) ? Path.GetFullPath(fromEnvironment) : null;
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(Path.Combine(candidate, "reference")))
                    return candidate;
            }
        }
        return null;
    }
}

/// <summary>A [Fact] that is skipped, with <see cref="SharedData.SkipReason"/>, when ../shared/data is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!SharedData.IsAvailable) Skip = SharedData.SkipReason;
    }
}

/// <summary>A [Theory] that is skipped, with <see cref="SharedData.SkipReason"/>, when ../shared/data is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (!SharedData.IsAvailable) Skip = SharedData.SkipReason;
    }
}
