using System.Text;
using BackPainRules.Compilation;
using BackPainRules.Profiles;

namespace BackPainRules.Tests.Profiles;

/// <summary>
/// The byte path's table of fact names (<see cref="Utf8FactKeys"/>): every name is found at its slot, and no key that
/// differs from a name in a single byte, or in its length, is taken for it, whatever the name's length (the table
/// compares names in 8-byte words up to 24 bytes and the middle bytes beyond).
/// </summary>
public class Utf8FactKeysTests
{
    // Names of every length from 1 to 40 that share long prefixes and suffixes with one another, so words collide.
    private static readonly string[] Names = Enumerable.Range(1, 40)
        .SelectMany(length => new[] { new string('a', length), "b" + new string('a', length - 1), new string('a', length - 1) + "b" })
        .Where(name => name.Length > 0 && char.IsLetter(name[0]))
        .Distinct()
        .ToArray();

    private static Utf8FactKeys Keys()
    {
        var text = string.Concat(Names.Select(name => $"fact {name}: bool \"a fact\"\n"));
        var ruleSet = RuleSet.FromText(text, "names.rules");
        ruleSet.Diagnostics.Where(d => d.IsError).Should().BeEmpty();
        ruleSet.Model.Facts.Select(f => f.Name).Should().Equal(Names);
        return new Utf8FactKeys(ruleSet.Model.Facts);
    }

    [Test]
    public void Every_name_is_found_at_its_slot()
    {
        var keys = Keys();
        for (int slot = 0; slot < Names.Length; slot++) keys.Find(Encoding.UTF8.GetBytes(Names[slot])).Should().Be(slot, Names[slot]);
    }

    [Test]
    public void A_key_one_byte_or_one_length_off_is_not_a_name()
    {
        var keys = Keys();
        var known = Names.ToHashSet();
        foreach (var name in Names)
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            for (int at = 0; at < bytes.Length; at++)
            {
                var changed = (byte[])bytes.Clone();
                changed[at] = (byte)'z';
                keys.Find(changed).Should().Be(-1, $"'{Encoding.UTF8.GetString(changed)}' is not declared");
            }
            foreach (var other in new[] { name + "a", name[..^1], "" })
            {
                int expected = known.Contains(other) ? Array.IndexOf(Names, other) : -1;
                keys.Find(Encoding.UTF8.GetBytes(other)).Should().Be(expected, $"'{other}'");
            }
        }
    }
}
