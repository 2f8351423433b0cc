using BackPainRules.Syntax;

namespace BackPainRules.Tests.Parsing;

/// <summary>SPEC §1: the rules for names live with the syntax.</summary>
public class NamesTests
{
    [TestCase("a", true)]
    [TestCase("pain_level2", true)]
    [TestCase("z9_", true)]
    [TestCase("", false)]
    [TestCase("2a", false)]
    [TestCase("_a", false)]
    [TestCase("Tilt", false)]
    [TestCase("a-b", false)]
    [TestCase("é", false)]
    [TestCase("if", true)]
    public void A_name_is_lower_case_letters_digits_and_underscores_starting_with_a_letter(string text, bool valid)
    {
        Names.IsValid(text).Should().Be(valid);
    }

    [Test]
    public void Reserved_words_are_spelt_as_names_but_are_reserved()
    {
        foreach (var word in Keywords.Reserved)
        {
            Names.IsValid(word).Should().BeTrue(word);
            Names.IsReserved(word).Should().BeTrue(word);
        }
        Names.IsReserved("pain").Should().BeFalse();
        Names.IsReserved("number").Should().BeFalse("contextual keywords can still be names");
    }

    [TestCase("Tilt", "tilt")]
    [TestCase("PAIN_2", "pain_2")]
    [TestCase("tilt", null)]
    [TestCase("Über", null)]
    [TestCase("2Tilt", null)]
    public void A_name_wrong_only_in_its_capitals_suggests_its_lower_case(string text, string? suggestion)
    {
        Names.LowerCaseSuggestion(text).Should().Be(suggestion);
    }
}
