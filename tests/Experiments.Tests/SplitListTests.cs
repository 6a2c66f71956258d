using System.Diagnostics;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Features.Datasets;

namespace MlNetGenre.Experiments.Tests;

/// <summary>Predefined split lists: lines naming no track are errors with their line numbers; a wrong file's content is never printed.</summary>
public class SplitListTests : IDisposable
{
    private readonly TinyExperiment _tiny = new();

    private string[] TrackIds()
    {
        var plan = PlanReader.ReadFile(_tiny.Write(TinyExperiment.Spec, "ids.yaml"));
        var opened = (AudioTracks)plan.Dataset.Kind.Open(new DatasetRequest(plan.Dataset.Path, plan.Audio.SampleRate, plan.Seed), plan.Dataset.Options);
        return opened.Dataset.Tracks.Select(t => t.Id).ToArray();
    }

    private Exception RunWithLists(string trainText, string testText)
    {
        File.WriteAllText(Path.Combine(_tiny.Folder, "train.txt"), trainText);
        File.WriteAllText(Path.Combine(_tiny.Folder, "test.txt"), testText);
        string yaml = TinyExperiment.Spec.Replace("  test_fraction: 0.25", "  kind: predefined\n  train: train.txt\n  test: test.txt");
        return Assert.ThrowsAny<Exception>(() => _tiny.Run(yaml));
    }

    [Fact]
    public void Lines_naming_no_track_are_listed_by_line_number()
    {
        var ids = TrackIds();
        string train = string.Join("\n", ids.Take(10)) + "\n# a comment\nblues/blues.99999.wav\n" + string.Join("\n", ids.Skip(10).Take(6));
        var e = RunWithLists(train, string.Join("\n", ids.Skip(16)));
        Assert.IsType<InvalidDataException>(e);
        Assert.Contains("train.txt: 1 line(s) name no track of the dataset: line 12 'blues/blues.99999.wav'", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_split_list_is_refused_without_printing_it()
    {
        var ids = TrackIds();
        var e = RunWithLists(string.Join("\n", ids.Take(18)), "root:x:0:0:root:/root:/bin/bash\npassword=hunter2\n");
        Assert.IsType<InvalidDataException>(e);
        Assert.Contains("test.txt: none of its 2 line(s) names a track of the dataset; is it the right file?", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
        Assert.DoesNotContain("root:x", e.Message);
    }

    [Fact]
    public async Task A_pipe_as_a_split_list_is_not_waited_on()
    {
        if (!OperatingSystem.IsLinux()) return;
        var ids = TrackIds();
        File.WriteAllText(Path.Combine(_tiny.Folder, "train.txt"), string.Join("\n", ids.Take(18)));
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(_tiny.Folder, "test.txt"))) mkfifo.WaitForExit();
        string yaml = TinyExperiment.Spec.Replace("  test_fraction: 0.25", "  kind: predefined\n  train: train.txt\n  test: test.txt");
        var run = Task.Run(() => Record.Exception(() => _tiny.Run(yaml)));
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))) == run, "the run hung on the pipe");
        Assert.Contains("test.txt names no track (it is empty, or not a regular file)", (await run)?.Message ?? "");
    }

    public void Dispose() => _tiny.Dispose();
}
