using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>Completion in context; the cursor is marked '|' in each text, typed after <see cref="Samples.Declarations"/>.</summary>
public class CompletionTests : LspTestBase
{
    private static readonly string[] AllFacts = { "leg_numbness", "pain_score", "workout", "pain_during", "red_flag" };
    private static readonly string[] BoolFacts = { "leg_numbness", "red_flag" };
    private static readonly string[] Recommendations = { "see_physician", "increase_cadence" };
    private static readonly string[] ConditionKeywords = { "not", "known", "true", "false" };
    private static readonly string[] ItemKeywords = { "fact", "score", "recommendation", "rule", "if", "test", "import" };
    private static readonly string[] Scores = { "red_flag_count", "load", "per_hour" };
    private static readonly string[] ScoreSampleFacts = { "fever", "night_pain", "weight_loss", "sitting_hours" };
    private static readonly string[] ScoreSampleRecommendations = { "see_physician", "core_work" };

    private LspTestClient client = null!;
    private int documents;

    [SetUp]
    public async Task Start() => client = await StartAsync();

    private async Task<JToken> CompleteAsync(string typed, string prefix = Samples.Declarations)
    {
        int cursor = typed.IndexOf('|');
        string text = prefix + typed.Remove(cursor, 1);
        var uri = UriIn($"c{++documents}.rules");
        await client.OpenAsync(uri, text);
        var result = await client.RequestAsync("textDocument/completion", At(uri, LspText.PositionOf(text, prefix.Length + cursor)));
        result.Should().NotBeNull($"completion at '{typed}' answers");
        return result!;
    }

    [Test]
    public async Task At_the_start_of_a_line_the_item_keywords_are_offered()
    {
        Labels(await CompleteAsync("|")).Should().BeEquivalentTo(ItemKeywords);
        Labels(await CompleteAsync("|", prefix: "")).Should().BeEquivalentTo(ItemKeywords, "an empty document too");
    }

    [TestCase("if |")]
    [TestCase("if leg_nu|")]
    [TestCase("if leg_numbness and |")]
    [TestCase("if leg_numbness or not |")]
    [TestCase("if (|")]
    public async Task Where_a_condition_is_expected_facts_and_condition_keywords_are_offered(string typed)
    {
        var labels = Labels(await CompleteAsync(typed));
        labels.Should().Contain(AllFacts).And.Contain(ConditionKeywords);
        labels.Should().NotContain(Recommendations);
    }

    [TestCase("if leg_numbness then recommend |")]
    [TestCase("if leg_numbness then avoid |")]
    [TestCase("if leg_numbness then recommend see_physician, |")]
    [TestCase("if leg_numbness then conclude red_flag and recommend |")]
    public async Task After_recommend_or_avoid_only_recommendations_are_offered(string typed)
    {
        Labels(await CompleteAsync(typed)).Should().BeEquivalentTo(Recommendations);
    }

    [TestCase("if leg_numbness then conclude |")]
    [TestCase("if leg_numbness then conclude red_flag, |")]
    public async Task After_conclude_only_bool_facts_are_offered(string typed)
    {
        Labels(await CompleteAsync(typed)).Should().BeEquivalentTo(BoolFacts);
    }

    [TestCase("if workout is |", new[] { "easy", "tempo", "intervals", "not" })]
    [TestCase("if workout is not |", new[] { "easy", "tempo", "intervals" })]
    [TestCase("if workout in (|", new[] { "easy", "tempo", "intervals" })]
    [TestCase("if workout in (easy, |", new[] { "easy", "tempo", "intervals" })]
    [TestCase("if pain_during has |", new[] { "easy_runs", "long_runs", "not" })]
    [TestCase("if pain_during has not |", new[] { "easy_runs", "long_runs" })]
    public async Task After_is_in_or_has_the_facts_values_are_offered(string typed, string[] expected)
    {
        Labels(await CompleteAsync(typed)).Should().BeEquivalentTo(expected);
    }

    [Test]
    public async Task After_then_the_actions_are_offered()
    {
        Labels(await CompleteAsync("if leg_numbness then |")).Should().BeEquivalentTo("recommend", "avoid", "conclude");
        Labels(await CompleteAsync("if leg_numbness then recommend see_physician and |")).Should().BeEquivalentTo("recommend", "avoid", "conclude");
    }

    [Test]
    public async Task Declaration_keywords_are_offered_where_they_fit()
    {
        Labels(await CompleteAsync("fact knee: |")).Should().BeEquivalentTo("bool", "number", "one of", "any of");
        Labels(await CompleteAsync("recommendation rest \"Rest\" priority |")).Should().BeEquivalentTo("urgent", "high", "normal", "low");
    }

    [TestCase("test \"t\":\n  given |")]
    [TestCase("test \"t\":\n  given leg_numbness, |")]
    public async Task In_given_every_fact_no_rule_concludes_and_not_are_offered(string typed)
    {
        // red_flag is concluded by named_rule: a test cannot give it (SPEC §7), so it is no longer offered.
        Labels(await CompleteAsync(typed)).Should().BeEquivalentTo(AllFacts.Except(new[] { "red_flag" }).Append("not"));
    }

    [Test]
    public async Task After_not_in_given_the_bool_facts_no_rule_concludes_are_offered()
    {
        Labels(await CompleteAsync("test \"t\":\n  given not |")).Should().BeEquivalentTo("leg_numbness");
    }

    [Test]
    public async Task In_expect_the_expectation_words_then_the_names_that_fit_are_offered()
    {
        const string test = "test \"t\":\n  given leg_numbness\n  expect ";
        Labels(await CompleteAsync(test + "|")).Should().BeEquivalentTo("not", "recommend", "avoid", "conclude", "fires", "undetermined", "withheld", "score");
        Labels(await CompleteAsync(test + "recommend |")).Should().BeEquivalentTo(Recommendations);
        Labels(await CompleteAsync(test + "not avoid |")).Should().BeEquivalentTo(Recommendations);
        Labels(await CompleteAsync(test + "conclude |")).Should().BeEquivalentTo(BoolFacts);
        Labels(await CompleteAsync(test + "fires |")).Should().BeEquivalentTo("named_rule");
        Labels(await CompleteAsync(test + "undetermined named_rule missing |")).Should().BeEquivalentTo(AllFacts);
    }

    [Test]
    public async Task Completion_in_the_middle_of_a_document_reads_the_context_before_the_cursor()
    {
        // The cursor after "then recommend " inside the first rule of the full sample, with text after it.
        string text = Samples.Clean;
        var uri = UriIn("middle.rules");
        await client.OpenAsync(uri, text);
        var position = LspText.Find(text, "see_physician and conclude");

        Labels(await client.RequestAsync("textDocument/completion", At(uri, position)))
            .Should().BeEquivalentTo("see_physician", "increase_cadence", "core_work");
    }

    [Test]
    public async Task Items_carry_their_kind_type_and_description()
    {
        var facts = await CompleteAsync("if |");
        var painScore = Item(facts, "pain_score");
        ((int)painScore["kind"]!).Should().Be(6, "a fact is a Variable");
        ((string)painScore["detail"]!).Should().Be("number 0..10");
        ((string)painScore["documentation"]!["kind"]!).Should().Be("markdown");
        ((string)painScore["documentation"]!["value"]!).Should().Be("Worst back pain in the last week");
        ((int)Item(facts, "not")["kind"]!).Should().Be(14, "a keyword is a Keyword");

        var recommendation = Item(await CompleteAsync("if red_flag then recommend |"), "see_physician");
        ((int)recommendation["kind"]!).Should().Be(3, "a recommendation is a Function");
        ((string)recommendation["detail"]!).Should().Contain("urgent");

        ((int)Item(await CompleteAsync("if workout is |"), "tempo")["kind"]!).Should().Be(20, "a value is an EnumMember");
    }

    [Test]
    public async Task Completion_offers_names_declared_in_an_imported_file()
    {
        Folder.Write("vocab.rules", "fact knee_pain: bool \"Pain in the knee\"\nrecommendation ice \"Ice it\"\n");
        var labels = Labels(await CompleteAsync("if |", prefix: "import \"vocab.rules\"\n"));
        labels.Should().Contain("knee_pain");
        Labels(await CompleteAsync("if knee_pain then recommend |", prefix: "import \"vocab.rules\"\n")).Should().Equal("ice");
    }

    [TestCase("if |")]
    [TestCase("if fever and |")]
    [TestCase("if load > |")]
    [TestCase("if count of (|")]
    [TestCase("if count of (fever, |")]
    [TestCase("if count of (fever, night_pain) >= 1 or not |")]
    public async Task Where_a_condition_or_a_comparison_goes_scores_are_offered_with_the_facts(string typed)
    {
        var labels = Labels(await CompleteAsync(typed, prefix: ScoreEditingTests.Text));
        labels.Should().Contain(ScoreSampleFacts).And.Contain(Scores).And.Contain("count of").And.Contain(ConditionKeywords);
        labels.Should().NotContain(ScoreSampleRecommendations);
    }

    [TestCase("if sitting_hours * |")]
    [TestCase("if load + 2 * |")]
    [TestCase("score total = |")]
    [TestCase("score total = load / |")]
    public async Task Where_a_number_goes_number_facts_scores_and_count_of_are_offered(string typed)
    {
        Labels(await CompleteAsync(typed, prefix: ScoreEditingTests.Text))
            .Should().BeEquivalentTo(Scores.Append("sitting_hours").Append("count of"), "bool facts are not numbers");
    }

    [Test]
    public async Task Count_is_followed_by_of_and_a_new_scores_name_gets_no_suggestions()
    {
        Labels(await CompleteAsync("if count |", prefix: ScoreEditingTests.Text)).Should().Equal("of");
        Labels(await CompleteAsync("score |", prefix: ScoreEditingTests.Text)).Should().BeEmpty();
    }

    [Test]
    public async Task Known_takes_scores_but_given_and_missing_do_not()
    {
        Labels(await CompleteAsync("if known |", prefix: ScoreEditingTests.Text)).Should().BeEquivalentTo(ScoreSampleFacts.Concat(Scores));
        Labels(await CompleteAsync("test \"t\":\n  given |", prefix: ScoreEditingTests.Text)).Should().BeEquivalentTo(ScoreSampleFacts.Append("not"));
        Labels(await CompleteAsync("test \"t\":\n  given fever\n  expect undetermined flags missing |", prefix: ScoreEditingTests.Text))
            .Should().BeEquivalentTo(ScoreSampleFacts);
    }

    [Test]
    public async Task In_expect_score_the_scores_and_after_withheld_the_recommendations_are_offered()
    {
        const string test = "test \"t\":\n  given fever\n  expect ";
        Labels(await CompleteAsync(test + "score |", prefix: ScoreEditingTests.Text)).Should().BeEquivalentTo(Scores);
        Labels(await CompleteAsync(test + "withheld |", prefix: ScoreEditingTests.Text)).Should().BeEquivalentTo(ScoreSampleRecommendations);
        Labels(await CompleteAsync(test + "not withheld see_physician, |", prefix: ScoreEditingTests.Text)).Should().BeEquivalentTo(ScoreSampleRecommendations);
        Labels(await CompleteAsync(test + "not |", prefix: ScoreEditingTests.Text))
            .Should().BeEquivalentTo(new[] { "recommend", "avoid", "conclude", "fires", "undetermined", "withheld" }, "'expect not score' is not a form");
        Labels(await CompleteAsync(test + "score load = |", prefix: ScoreEditingTests.Text)).Should().BeEmpty("a number literal goes there");
    }

    [Test]
    public async Task Unless_is_offered_after_a_recommendations_description_or_priority_and_takes_a_condition()
    {
        Labels(await CompleteAsync("recommendation rest \"Rest\" |")).Should().Contain(new[] { "priority", "unless" }).And.Contain(ItemKeywords);
        Labels(await CompleteAsync("recommendation rest \"Rest\" priority low |")).Should().Contain("unless").And.NotContain("priority");
        var condition = Labels(await CompleteAsync("recommendation rest \"Rest\" priority low unless |", prefix: ScoreEditingTests.Text));
        condition.Should().Contain(ScoreSampleFacts).And.Contain(Scores).And.Contain(ConditionKeywords);
        Labels(await CompleteAsync("recommendation rest \"Rest\" unless fever and |", prefix: ScoreEditingTests.Text)).Should().Contain(Scores);
        Labels(await CompleteAsync("if fever then recommend rest because \"b\" |")).Should().NotContain("unless", "only a recommendation's declaration has one");
    }

    [Test]
    public async Task A_score_item_carries_its_kind_expression_and_description()
    {
        var score = Item(await CompleteAsync("if |", prefix: ScoreEditingTests.Text), "red_flag_count");
        ((int)score["kind"]!).Should().Be(12, "a score is a Value");
        ((string)score["detail"]!).Should().Be("score = count of (fever, night_pain, weight_loss)");
        ((string)score["documentation"]!["value"]!).Should().Be("Red flags present");
    }
}
