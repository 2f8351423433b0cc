using BackPainRules.Graph;

namespace BackPainRules.Tests.Graph;

/// <summary>
/// <c>rules graph</c> with scores and contraindications: a score is a node fed by the facts and scores its
/// expression reads and feeding the rules (and scores) that read it; a recommendation's <c>unless</c> is a
/// dashed edge from each fact or score it reads.
/// </summary>
public class RuleGraphTests
{
    private const string Rules = """
        fact a: bool
        fact n: number 0..10
        recommendation x
        recommendation y unless a or s > 3
        score s = count of (a, b) + n "S"
        score t = s * 2
        fact b: bool
        rule r: if t > 4 and b then recommend x, y
        """;

    [Test]
    public void Mermaid_draws_scores_their_inputs_their_readers_and_unless_edges()
    {
        var model = TestRules.Compile(Rules).Model;
        model.HasErrors.Should().BeFalse();

        RuleGraph.ToMermaid(model).Should().Be("""
            flowchart LR
              f_a(["a"])
              f_n(["n"])
              f_b(["b"])
              r_x[["x"]]
              r_y[["y"]]
              s_s[/"s"/]
              f_a --> s_s
              f_b --> s_s
              f_n --> s_s
              s_t[/"t"/]
              s_s --> s_t
              rule0["r"]
              f_b --> rule0
              s_t --> rule0
              rule0 --> r_x
              rule0 --> r_y
              f_a -. unless .-> r_y
              s_s -. unless .-> r_y

            """.ReplaceLineEndings("\n"));
    }

    [Test]
    public void Dot_draws_scores_as_parallelograms_and_unless_edges_dashed_and_labelled()
    {
        var model = TestRules.Compile(Rules).Model;

        RuleGraph.ToDot(model).Should().Be("""
            digraph rules {
              rankdir=LR;
              node [fontname="Helvetica", fontsize=10];
              "f_a" [label="a", shape=ellipse];
              "f_n" [label="n", shape=ellipse];
              "f_b" [label="b", shape=ellipse];
              "r_x" [label="x", shape=box, style=filled, fillcolor="#d3f9d8"];
              "r_y" [label="y", shape=box, style=filled, fillcolor="#d3f9d8"];
              "s_s" [label="s", shape=parallelogram, style=filled, fillcolor="#d0ebff"];
              "f_a" -> "s_s";
              "f_b" -> "s_s";
              "f_n" -> "s_s";
              "s_t" [label="t", shape=parallelogram, style=filled, fillcolor="#d0ebff"];
              "s_s" -> "s_t";
              "rule0" [label="r", shape=note];
              "f_b" -> "rule0";
              "s_t" -> "rule0";
              "rule0" -> "r_x";
              "rule0" -> "r_y";
              "f_a" -> "r_y" [style=dashed, color=orange, label="unless"];
              "s_s" -> "r_y" [style=dashed, color=orange, label="unless"];
            }

            """.ReplaceLineEndings("\n"));
    }

    [Test]
    public void A_rule_set_without_scores_or_unless_draws_no_score_nodes_or_unless_edges()
    {
        var model = TestRules.Compile("fact a: bool\nrecommendation x\nif a then recommend x\n").Model;

        RuleGraph.ToMermaid(model).Should().Be("flowchart LR\n  f_a([\"a\"])\n  r_x[[\"x\"]]\n  rule0[\"t:3\"]\n  f_a --> rule0\n  rule0 --> r_x\n");
        RuleGraph.ToDot(model).Should().NotContain("s_").And.NotContain("unless");
    }
}
