using MlNetGenre.Experiments.Running;
using MlNetGenre.Core.Spec;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Features.Datasets;
using MlNetGenre.Features.Audio;
using MlNetGenre.Testing;

namespace MlNetGenre.Experiments.Tests;

/// <summary>Every experiment in experiments/ validates against a small generated dataset of the layout it expects.</summary>
public class ShippedExperimentsTests : IDisposable
{
    private static readonly string[] GtzanGenres = ["blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"];
    private readonly string _folder = Directory.CreateTempSubdirectory("mlnetgenre-fixture-").FullName;

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "experiments"), "*.yaml").Order())
            if (!file.Contains("fault-filtered")) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_shipped_experiment_is_valid_on_a_fixture_of_its_layout(string file)
    {
        string path = Path.Combine(RepositoryRoot(), "experiments", file);
        var yaml = (SpecMapping)SpecYamlReader.Read(File.ReadAllText(path), path);
        string kind = ((SpecScalar)((SpecMapping)yaml.Find("dataset")!.Value).Find("kind")!.Value).Text;
        string? root = Fixture(kind);
        var plan = PlanReader.ReadFile(path, root);
        Assert.NotEmpty(plan.Models);
        var opened = plan.Dataset.Kind.Open(new DatasetRequest(plan.Dataset.Path, plan.Audio.SampleRate, plan.Seed), plan.Dataset.Options);
        if (opened is FeatureRows rows) Assert.Equal(kind == "fma-features" ? 3 : 4, rows.Table.Count);
        else Assert.NotEmpty(((AudioTracks)opened).Dataset.Tracks);
    }

    [SharedDataFact]
    public void The_fault_filtered_benchmark_is_valid_and_its_lists_match_gtzan_track_ids()
    {
        string path = Path.Combine(RepositoryRoot(), "experiments", "gtzan-fault-filtered.yaml");
        var plan = PlanReader.ReadFile(path, Fixture("gtzan"));
        string train = plan.Split.TrainList!;
        Assert.Equal(443, File.ReadLines(train).Count(l => l.Trim().Length > 0));
        Assert.Matches(@"^[a-z]+/[a-z]+\.\d{5}\.wav$", File.ReadLines(train).First());
    }

    /// <summary>A tiny dataset in the layout of <paramref name="kind"/>; audio content only matters for the kinds that decode it here.</summary>
    private string? Fixture(string kind)
    {
        string root = Path.Combine(_folder, kind);
        var tone = new AudioSignal(Enumerable.Range(0, 22050).Select(i => 0.2f * MathF.Sin(i * 0.05f)).ToArray(), 22050);
        switch (kind)
        {
            case "synthetic":
                return null;
            case "gtzan":
                foreach (string genre in GtzanGenres)
                for (int i = 0; i < 2; i++)
                    WavWriter.WriteMono16(Path.Combine(root, "genres_original", genre, $"{genre}.{i:D5}.wav"), tone);
                return root;
            case "ballroom":
                foreach (string style in new[] { "ChaChaCha", "Jive", "Quickstep", "Rumba", "Samba", "Tango", "VienneseWaltz", "Waltz" })
                    WavWriter.WriteMono16(Path.Combine(root, "BallroomData", style, $"{style}-1.wav"), tone);
                return root;
            case "garageband":
                foreach (string genre in new[] { "blues", "electronic", "jazz", "pop", "raphiphop", "rock" })
                {
                    Directory.CreateDirectory(Path.Combine(root, genre));
                    File.WriteAllBytes(Path.Combine(root, genre, "excerpt1.mp3"), [0xFF, 0xFB, 0x90, 0x00]);
                }
                return root;
            case "fma":
                Directory.CreateDirectory(Path.Combine(root, "fma_metadata"));
                File.WriteAllText(Path.Combine(root, "fma_metadata", "tracks.csv"),
                    ",artist,set,set,track\n,id,split,subset,genre_top\ntrack_id,,,,\n2,1,training,small,Hip-Hop\n5,1,test,small,Hip-Hop\n10,6,validation,small,Pop\n140,54,training,medium,Folk\n");
                foreach (string mp3 in new[] { "000/000002.mp3", "000/000005.mp3", "000/000010.mp3" })
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, "fma_small", mp3))!);
                    File.WriteAllBytes(Path.Combine(root, "fma_small", mp3), [0xFF, 0xFB]);
                }
                return root;
            case "fma-features":
                string fma = Fixture("fma")!;
                File.WriteAllText(Path.Combine(fma, "fma_metadata", "features.csv"),
                    "feature,mfcc,mfcc,zcr\nstatistics,mean,mean,std\nnumber,01,02,01\ntrack_id,,,\n2,1.5,2.5,0.1\n5,1.0,2.0,0.2\n10,0.5,1.5,0.3\n140,0.1,0.2,0.4\n");
                return fma;
            case "features-csv":
                Directory.CreateDirectory(_folder);
                string csv = Path.Combine(_folder, "features.csv");
                File.WriteAllText(csv, "filename,label,a,b\nx.00000.wav,blues,1,2\nx.00001.wav,blues,1,3\ny.00000.wav,rock,2,2\ny.00001.wav,rock,3,1\n");
                return csv;
            default:
                throw new InvalidOperationException($"no fixture for dataset kind {kind}");
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlNetGenre.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("MlNetGenre.sln not found above the test assembly");
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
