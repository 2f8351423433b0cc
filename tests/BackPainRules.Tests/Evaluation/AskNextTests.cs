using BackPainRules.Evaluation;
using BackPainRules.Syntax;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.Evaluation;

/// <summary>"Ask next": the unanswered input questions, in their own words, most urgent advice first.</summary>
public class AskNextTests
{
    private const string Rules = """
        fact saddle: bool "Numbness in the saddle area"
        fact bladder: bool "New bladder changes"
        fact tired: bool
        fact km: number 0..300 "Kilometres this week"
        fact sore: bool "Sore the next morning"
        fact red_flag: bool "A red flag is present"
        fact overloaded: bool "Training load is too high"
        recommendation emergency "Emergency department today" priority urgent
        recommendation rest "Rest for a few days" priority high
        recommendation stretch "Stretch" priority low
        recommendation note
        rule cauda: if saddle or bladder then conclude red_flag
        rule refer: if red_flag then recommend emergency
        rule load: if km > 80 and sore then conclude overloaded
        rule ease_off: if overloaded then recommend rest
        rule calm: if sore and not tired then recommend stretch
        rule tired_note: if tired then recommend note
        """;

    private static (EvaluationResult Result, IReadOnlyList<AskNextQuestion> Ask, global::BackPainRules.Compilation.CompiledRuleSet Rules) Ask(string profile)
    {
        var rules = TestRules.Compile(Rules, "ask.rules");
        var read = rules.ReadProfile(profile).Profile!;
        var result = rules.Evaluate(read);
        return (result, rules.AskNext(read), rules);
    }

    [Test]
    public void Questions_come_most_urgent_advice_first_then_by_the_rules_they_decide_in_their_own_words()
    {
        var (_, ask, _) = Ask("{}");

        ask.Select(q => q.Fact).Should().Equal("saddle", "bladder", "sore", "km", "tired");
        ask.Select(q => q.Priority).Should().Equal(Priority.Urgent, Priority.Urgent, Priority.High, Priority.High, Priority.Normal);
        ask.Single(q => q.Fact == "tired").Decides.Should().Equal("calm", "tired_note");
        ask[0].Question.Should().Be("Numbness in the saddle area");
        ask.Single(q => q.Fact == "tired").Question.Should().Be("tired", "a fact without a description is asked by its name");
        // sore decides three rules (load, ease_off, calm), km two: sore is asked first at the same priority.
        ask.Single(q => q.Fact == "sore").Decides.Should().Equal("load", "ease_off", "calm");
        ask.Single(q => q.Fact == "km").Decides.Should().Equal("load", "ease_off");
        ask.Single(q => q.Fact == "saddle").Decides.Should().Equal("cauda", "refer");
    }

    [Test]
    public void A_concluded_fact_is_never_asked_only_the_inputs_behind_it()
    {
        var (result, ask, rules) = Ask("{}");

        result.Undetermined.Select(u => u.Rule).Should().Contain(new[] { "refer", "ease_off" });
        ask.Select(q => q.Fact).Should().NotContain(new[] { "red_flag", "overloaded" });
        var concluded = rules.Model.Facts.Where(f => f.IsConcluded).Select(f => f.Name).ToList();
        concluded.Should().Equal("red_flag", "overloaded");
        ask.Should().OnlyContain(q => !concluded.Contains(q.Fact));
    }

    [Test]
    public void Answered_questions_and_advice_already_given_drop_out()
    {
        var (result, ask, _) = Ask("""{"saddle": true, "km": 20}""");

        result.Recommendations.Select(r => r.Id).Should().Contain("emergency");
        // bladder can no longer change anything; km answered; the load rules are false with km = 20.
        ask.Select(q => (q.Fact, q.Priority)).Should().Equal(("tired", (Priority?)Priority.Normal), ("sore", Priority.Low));
        ask[0].Decides.Should().Equal("calm", "tired_note");
        ask[1].Decides.Should().Equal("calm");
    }

    [Test]
    public void A_question_that_only_decides_advice_already_given_has_no_priority_and_comes_last()
    {
        var rules = TestRules.Compile("""
            fact a: bool "A?"
            fact b: bool "B?"
            fact c: bool "C?"
            recommendation go priority urgent
            recommendation later priority low
            rule one: if a then recommend go
            rule two: if b then recommend go
            rule three: if c then recommend later
            """, "given.rules");
        var ask = rules.AskNext(rules.ReadProfile("""{"a": true}""").Profile!);

        ask.Select(q => (q.Fact, q.Priority)).Should().Equal(("c", Priority.Low), ("b", (Priority?)null));
    }

    [Test]
    public void The_text_report_opens_with_the_questions_and_counts_the_undetermined_rules_in_one_line()
    {
        var (result, ask, _) = Ask("{}");
        var lines = ResultFormatter.ToText(result, ask).TrimEnd('\n').Split('\n');

        lines.Take(7).Should().Equal(
            "Profile " + result.Profile,
            ResultFormatter.AskNextHeading,
            "    [urgent] Numbness in the saddle area  (saddle)",
            "    [urgent] New bladder changes  (bladder)",
            "    [high] Sore the next morning  (sore)",
            "    [high] Kilometres this week  (km)",
            "    [normal] tired");
        lines.Should().Contain("  Undetermined: 6 rules (--explain lists them)");
        lines.Should().NotContain(l => l.StartsWith("    refer") || l.Contains("red_flag"));
    }

    [Test]
    public void The_explain_json_has_the_questions_inside_explanation_and_the_plain_json_line_does_not()
    {
        var rules = TestRules.Compile(Rules, "ask.rules");
        var profile = rules.ReadProfile("""{"$id": "p", "km": 100}""").Profile!;
        var explained = JObject.Parse(ExplanationFormatter.ToJson(rules.Explain(profile)));
        var ask = (JArray)explained["explanation"]!["ask_next"]!;

        ask.Select(q => q["fact"]!.Value<string>()).Should().Equal("saddle", "bladder", "sore", "tired");
        ask[2]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be(
            """{"fact":"sore","question":"Sore the next morning","priority":"high","decides":["load","ease_off","calm"],"withheld":[]}""");
        ask[3]!["priority"]!.Value<string>().Should().Be("normal");
        ((JObject)explained["explanation"]!).Properties().First().Name.Should().Be("ask_next");

        var plain = JObject.Parse(rules.Evaluate(profile).ToJson());
        plain.Properties().Select(p => p.Name).Should().Equal(
            "profile", "recommendations", "avoid", "withheld", "concluded", "scores", "fired", "undetermined", "warnings");
    }

    [Test]
    public void A_withheld_item_makes_its_missing_facts_questions_at_its_priority()
    {
        var rules = TestRules.Compile("""
            fact sore: bool "Sore?"
            fact fever: bool "Fever?"
            recommendation run_easy "Run easy" priority high unless fever
            rule r: if sore then recommend run_easy
            """, "withheld.rules");
        var profile = rules.ReadProfile("""{"sore": true}""").Profile!;
        var result = rules.Evaluate(profile);
        var ask = rules.AskNext(profile);

        result.Withheld.Should().ContainSingle(w => w.Id == "run_easy");
        ask.Should().ContainSingle().Which.Should().Be(new AskNextQuestion("fever", "Fever?", Priority.High, ask[0].Decides, ask[0].Withheld));
        ask[0].Decides.Should().BeEmpty();
        ask[0].Withheld.Should().Equal("run_easy");
    }

    [Test]
    public void Advice_a_true_unless_blocks_does_not_make_its_questions_urgent()
    {
        var rules = TestRules.Compile("""
            fact saddle: bool "Numbness in the saddle area"
            fact red_flag: bool "A red flag is present"
            fact tight_quads: bool "Tight quads"
            fact tired: bool "Tired legs"
            recommendation emergency "Emergency department today" priority urgent
            recommendation core_work "Core work" priority high unless red_flag
            recommendation easy_run "An easy run" priority low
            recommendation run_less "Run less" priority normal unless red_flag
            rule cauda: if saddle then conclude red_flag
            rule refer: if red_flag then recommend emergency
            rule quads: if tight_quads then recommend core_work
            rule tired_legs: if tired then recommend easy_run and avoid run_less
            """, "blocked.rules");

        // With a red flag present, no answer about tight quads can give core work: it is not asked at high.
        var flagged = rules.ReadProfile("""{"saddle": true}""").Profile!;
        rules.Evaluate(flagged).Recommendations.Select(r => r.Id).Should().Equal("emergency");
        var ask = rules.AskNext(flagged);
        ask.Single(q => q.Fact == "tight_quads").Priority.Should().BeNull();
        // An avoid is never withheld, so a blocked recommendation still counts as one to avoid.
        ask.Single(q => q.Fact == "tired").Priority.Should().Be(Priority.Normal);
        ask.Select(q => q.Fact).Should().Equal("tired", "tight_quads");
        // The report asks only what can change the advice, and counts the rest in one line.
        var report = ResultFormatter.ToText(rules.Evaluate(flagged), ask).Split('\n');
        report.Skip(1).Take(3).Should().Equal(
            ResultFormatter.AskNextHeading,
            "    [normal] Tired legs  (tired)",
            "    and 1 more question that cannot change the advice now (--format json --explain lists it)");

        // With the red flag still open, the same question keeps its urgency: the answer may yet count.
        var open = rules.AskNext(rules.ReadProfile("{}").Profile!);
        open.Single(q => q.Fact == "tight_quads").Priority.Should().Be(Priority.High);
        open[0].Fact.Should().Be("saddle");

        // When no answer can change the advice, every question is listed: there is nothing better to ask.
        var settled = rules.ReadProfile("""{"saddle": true, "tired": true}""").Profile!;
        var idle = rules.AskNext(settled);
        idle.Should().OnlyContain(q => q.Priority == null);
        ResultFormatter.ToText(rules.Evaluate(settled), idle).Should().Contain("    Tight quads  (tight_quads)\n").And.NotContain("more question");
    }
}
