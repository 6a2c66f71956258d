using MlNetGenre.Experiments.Evaluation;

namespace MlNetGenre.Experiments.Tests;

public class ClassificationMetricsTests
{
    [Fact]
    public void Metrics_match_a_hand_computed_example()
    {
        int[] truth = [0, 0, 0, 1, 1, 2];
        int[] predicted = [0, 0, 1, 1, 2, 2];
        var m = ClassificationMetrics.Compute(truth, predicted, 3);
        Assert.Equal(4.0 / 6, m.Accuracy, 12);
        Assert.Equal([2, 1, 0], m.ConfusionMatrix[0]);
        Assert.Equal([0, 1, 1], m.ConfusionMatrix[1]);
        // class 0: P=1, R=2/3, F1=0.8; class 1: P=1/2, R=1/2, F1=1/2; class 2: P=1/2, R=1, F1=2/3.
        Assert.Equal(0.8, m.F1[0], 12);
        Assert.Equal(0.5, m.F1[1], 12);
        Assert.Equal(2.0 / 3, m.F1[2], 12);
        Assert.Equal((0.8 + 0.5 + 2.0 / 3) / 3, m.MacroF1, 12);
        Assert.Equal([3, 2, 1], m.Support);
    }
}
