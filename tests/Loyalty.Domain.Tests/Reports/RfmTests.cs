using Loyalty.Domain.Reports;

namespace Loyalty.Domain.Tests.Reports;

public class RfmTests
{
    [Fact]
    public void Scores_are_quintiles_of_members_no_better_with_ties_sharing_a_score()
    {
        Assert.Equal(5, Rfm.Score(10, 10));
        Assert.Equal(1, Rfm.Score(1, 10));
        Assert.Equal(3, Rfm.Score(5, 10)); // ceil(2.5)
        Assert.Equal(2, Rfm.Score(4, 10));
    }

    [Fact]
    public void Segments_follow_the_rules()
    {
        Assert.Equal(Rfm.Champions, Rfm.Segment(4, 4, 4));
        Assert.Equal(Rfm.Loyal, Rfm.Segment(3, 3, 1));
        Assert.Equal(Rfm.New, Rfm.Segment(5, 1, 5));
        Assert.Equal(Rfm.NeedsAttention, Rfm.Segment(3, 2, 5));
        Assert.Equal(Rfm.AtRisk, Rfm.Segment(1, 5, 5));
        Assert.Equal(Rfm.Hibernating, Rfm.Segment(2, 2, 2));
        Assert.Equal(Rfm.Lost, Rfm.Segment(1, 1, 1));
    }

    [Fact]
    public void Classifies_members_and_averages_each_segment()
    {
        // Five members. Recency scores (fewest days best): 2d→5, 10d→4, 30d→3, 90d→2, 200d→1.
        // Frequency: 1,1 → 2 (2 of 5 no better: ceil(2)), 3→3, 6→4, 12→5. Monetary likewise by spend.
        var members = new List<RfmFacts>
        {
            new(2, 12, 5_000m),   // R5 F5 M5 → champions
            new(10, 6, 900m),     // R4 F4 M4 → champions
            new(30, 3, 300m),     // R3 F3 M3 → loyal
            new(90, 1, 100m),     // R2 F2 M2 → hibernating
            new(200, 1, 50m),     // R1 F2 M1 → lost
        };

        var segments = Rfm.Classify(members);

        Assert.Equal(
        [
            new RfmSegmentCount(Rfm.Champions, 2, 6m, 9m, 2_950m),
            new RfmSegmentCount(Rfm.Loyal, 1, 30m, 3m, 300m),
            new RfmSegmentCount(Rfm.Hibernating, 1, 90m, 1m, 100m),
            new RfmSegmentCount(Rfm.Lost, 1, 200m, 1m, 50m),
        ], segments);
    }

    [Fact]
    public void Grouped_facts_count_as_that_many_members_and_averages_round_to_cents()
    {
        var one = Rfm.Classify([new RfmFacts(5, 2, 10m), new RfmFacts(5, 2, 10m), new RfmFacts(8, 1, 20.005m)]);
        var grouped = Rfm.Classify([new RfmFacts(5, 2, 10m, Members: 2), new RfmFacts(8, 1, 20.005m)]);

        Assert.Equal(one, grouped);
        Assert.Empty(Rfm.Classify([]));
    }
}
