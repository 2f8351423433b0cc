using System.Globalization;
using System.Text.Json;

namespace BackPainRules.Diagnostics;

/// <summary>A kind of diagnostic: its stable code, severity and a title for documentation.</summary>
public sealed record DiagnosticDescriptor(string Code, DiagnosticSeverity Severity, string Title);

/// <summary>
/// Every diagnostic the rules language can produce, one method per problem. Every message is written here
/// and only here: callers pass names, types and values, never text, and only this class creates a
/// <see cref="Diagnostic"/>. Codes are stable:
/// a code is never renumbered or reused, so editors, docs and scripts may rely on them.
/// BPR0xx are syntax, BPR1xx meaning (names, types, imports), BPR2xx warnings about rule sets,
/// BPR3xx profiles and BPR4xx evaluation.
/// </summary>
public static class DiagnosticCatalogue
{
    private static readonly List<DiagnosticDescriptor> all = new();

    private static readonly List<DiagnosticDescriptor> retired = new();

    /// <summary>Every descriptor in use, in code order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All => all;

    /// <summary>
    /// Codes no longer produced, in code order: kept so that they are never given to another problem
    /// (a code is never reused), and listed in the README's codes table as retired.
    /// </summary>
    public static IReadOnlyList<DiagnosticDescriptor> Retired => retired;

    private static DiagnosticDescriptor Error(string code, string title) => Register(code, DiagnosticSeverity.Error, title);
    private static DiagnosticDescriptor Warning(string code, string title) => Register(code, DiagnosticSeverity.Warning, title);

    private static DiagnosticDescriptor Retire(string code, DiagnosticSeverity severity, string title)
    {
        var descriptor = new DiagnosticDescriptor(code, severity, title);
        retired.Add(descriptor);
        return descriptor;
    }

    private static DiagnosticDescriptor Register(string code, DiagnosticSeverity severity, string title)
    {
        var descriptor = new DiagnosticDescriptor(code, severity, title);
        all.Add(descriptor);
        return descriptor;
    }

    private static Diagnostic Make(DiagnosticDescriptor d, SourceLocation at, string message, string? suggestion = null) =>
        new(d.Code, d.Severity, message, at, suggestion);

    /// <summary>A profile diagnostic about one key, which it carries as <see cref="Diagnostic.Fact"/>.</summary>
    private static Diagnostic MakeAbout(DiagnosticDescriptor d, SourceLocation at, string? fact, string message, string? suggestion = null) =>
        new(d.Code, d.Severity, message, at, suggestion, fact);

    private static string Num(double value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    // ---- Syntax ----
    /// <summary>BPR001</summary>
    public static readonly DiagnosticDescriptor UnexpectedCharacterDescriptor = Error("BPR001", "Unexpected character");
    /// <summary>BPR002</summary>
    public static readonly DiagnosticDescriptor UnterminatedStringDescriptor = Error("BPR002", "Unterminated string");
    /// <summary>BPR003</summary>
    public static readonly DiagnosticDescriptor InvalidEscapeDescriptor = Error("BPR003", "Invalid escape in a string");
    /// <summary>BPR004</summary>
    public static readonly DiagnosticDescriptor InvalidNameDescriptor = Error("BPR004", "Invalid name");
    /// <summary>BPR005</summary>
    public static readonly DiagnosticDescriptor SyntaxErrorDescriptor = Error("BPR005", "Syntax error");
    /// <summary>BPR006</summary>
    public static readonly DiagnosticDescriptor NestingTooDeepDescriptor = Error("BPR006", "Condition nested too deeply");
    /// <summary>BPR007</summary>
    public static readonly DiagnosticDescriptor InvalidNumberDescriptor = Error("BPR007", "Number out of range");

    /// <summary>BPR008</summary>
    public static readonly DiagnosticDescriptor FileTooLargeDescriptor = Error("BPR008", "File too large");
    /// <summary>BPR009</summary>
    public static readonly DiagnosticDescriptor LineTooLongDescriptor = Error("BPR009", "Line too long");

    internal static Diagnostic FileTooLarge(SourceLocation at, int length, int limit) =>
        Make(FileTooLargeDescriptor, at, $"the file has {length:N0} characters; the limit is {limit:N0}, so it was not read");

    internal static Diagnostic LineTooLong(SourceLocation at, int length, int limit) =>
        Make(LineTooLongDescriptor, at, $"the line has {length:N0} characters; the limit is {limit:N0}");

    internal static Diagnostic UnexpectedCharacter(SourceLocation at, char c) =>
        Make(UnexpectedCharacterDescriptor, at, $"unexpected character '{(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())}'");

    /// <summary><c>'text'</c>: a string in single quotes (BPR001, at the quote).</summary>
    internal static Diagnostic SingleQuotedString(SourceLocation at, string text) =>
        Make(UnexpectedCharacterDescriptor, at, $"strings are written in double quotes: write \"{text}\"", $"\"{text}\"");

    internal static Diagnostic UnterminatedString(SourceLocation at) =>
        Make(UnterminatedStringDescriptor, at, "unterminated string: a string must end with \" on the same line");

    internal static Diagnostic InvalidEscape(SourceLocation at, char c) =>
        Make(InvalidEscapeDescriptor, at, $"invalid escape '\\{c}': only \\\" and \\\\ are allowed in strings");

    internal static Diagnostic InvalidName(SourceLocation at, string text, string? suggestion) =>
        Make(InvalidNameDescriptor, at,
            $"'{text}' is not a valid name: names are lower-case letters, digits and '_', starting with a letter{DidYouMean(suggestion)}", suggestion);

    // BPR005. What was found is a token as it describes itself, or null for the end of the file.
    /// <summary>Something other than the start of an item (a declaration, a rule, a test or an import).</summary>
    internal static Diagnostic ItemExpected(SourceLocation at, string? found) =>
        SyntaxError(at, "a declaration ('fact', 'recommendation'), a rule ('rule' or 'if'), a 'test' or an 'import'", found);

    /// <summary>Something other than what the grammar expected: the alternatives are the grammar's labels (none: an expression).</summary>
    internal static Diagnostic SyntaxError(SourceLocation at, IReadOnlyList<string> alternatives, string? found) =>
        SyntaxError(at, alternatives.Count switch
        {
            0 => "an expression",
            1 => alternatives[0],
            _ => string.Join(", ", alternatives.Take(alternatives.Count - 1)) + " or " + alternatives[^1],
        }, found);

    private static Diagnostic SyntaxError(SourceLocation at, string expected, string? found) =>
        Make(SyntaxErrorDescriptor, at, $"expected {expected}, found {found ?? "the end of the file"}");

    /// <summary>A misspelt keyword: what the grammar expected, and the keyword the word found most likely meant.</summary>
    internal static Diagnostic MisspeltKeyword(SourceLocation at, IReadOnlyList<string> alternatives, string found, string meant) =>
        Make(SyntaxErrorDescriptor, at, $"{SyntaxError(at, alternatives, found).Message}; did you mean '{meant}'?", meant);

    /// <summary>A misspelt word where an item starts (<c>fcat x: bool</c>).</summary>
    internal static Diagnostic MisspeltItemKeyword(SourceLocation at, string found, string meant) =>
        Make(SyntaxErrorDescriptor, at, $"{found} does not start an item: did you mean '{meant}'?", meant);

    /// <summary><c>if a recommend x</c>: 'then' missing before the actions (the quick fix writes it in front of the action).</summary>
    internal static Diagnostic ThenMissing(SourceLocation at, string action) =>
        Make(SyntaxErrorDescriptor, at, $"expected 'then', found '{action}': the condition ends with 'then' before the actions", $"then {action}");

    /// <summary><c>leg_pain = true</c>: a bool fact is a condition by itself.</summary>
    internal static Diagnostic BoolComparedWithLiteral(SourceLocation at, string fact, string literal) =>
        Make(SyntaxErrorDescriptor, at,
            $"a bool fact is not compared with '{literal}': write '{fact}' for true or 'not {fact}' for false");

    /// <summary><c>recommend a and b</c>: 'and' joins actions, and one action lists its names with ','.</summary>
    internal static Diagnostic ActionTargetsJoinedWithAnd(SourceLocation at, string name) =>
        Make(SyntaxErrorDescriptor, at,
            $"'and' joins actions, so an action ('recommend', 'avoid' or 'conclude') must follow it; to list '{name}' in the same action, write ', {name}'");

    /// <summary><c>given a and b</c>: a test's facts are listed with commas.</summary>
    internal static Diagnostic GivenJoinedWithAnd(SourceLocation at) =>
        Make(SyntaxErrorDescriptor, at, "a test lists its facts and names with ',', not 'and': write 'given leg_pain, night_pain'", ",");

    /// <summary><c>given a = value</c> for a 'one of' fact.</summary>
    internal static Diagnostic GivenValueWithEquals(SourceLocation at, string fact, string value) =>
        Make(SyntaxErrorDescriptor, at, $"'=' gives a number; a value of a 'one of' fact is given with 'is': write '{fact} is {value}'");

    /// <summary><c>expect score total = high</c>: a score is a number, and the group it decides is what its rules give.</summary>
    internal static Diagnostic ScoreExpectedWithWord(SourceLocation at, string score, string word) =>
        Make(SyntaxErrorDescriptor, at,
            $"a score is a number: write 'expect score {score} = NUMBER' (or 'unknown'); to check '{word}', expect what the rules give for it, such as 'expect conclude FACT' or 'expect recommend ID'");

    /// <summary><c>expect score total >= 4</c>: a test checks a score's one value.</summary>
    internal static Diagnostic ScoreExpectedWithComparison(SourceLocation at, string score, string comparison) =>
        Make(SyntaxErrorDescriptor, at,
            $"'expect score' checks one value, not '{comparison}': write 'expect score {score} = NUMBER' or 'expect score {score} unknown'; to check a threshold, expect what the rules decide from it");

    /// <summary><c>if a then recommend x unless b</c>: 'unless' belongs to a recommendation's declaration.</summary>
    internal static Diagnostic UnlessOnRule(SourceLocation at) =>
        Make(SyntaxErrorDescriptor, at,
            "'unless' is not part of a rule: add 'and not CONDITION' to the rule's condition, or put 'unless CONDITION' on the recommendation's declaration");

    /// <summary><c>a == b</c></summary>
    internal static Diagnostic DoubleEquals(SourceLocation at) =>
        Make(SyntaxErrorDescriptor, at, "equality is one '=' in rules: write '=' for a number (or 'is' for a value of a 'one of' fact)");

    /// <summary><c>count(a, b)</c>, at the '(' (the quick fix writes "of (" in its place).</summary>
    internal static Diagnostic CountWithoutOf(SourceLocation at) =>
        Make(SyntaxErrorDescriptor, at, "'count' needs 'of' before its list: write 'count of (CONDITION, CONDITION, ...)'", " of (");

    /// <summary><c>recommend a, conclude b</c>: a second action after a comma.</summary>
    internal static Diagnostic ActionsJoinedWithComma(SourceLocation at, string keyword) =>
        Make(SyntaxErrorDescriptor, at, $"actions are joined with 'and', not ',': write '... and {keyword} ...'");

    /// <summary><c>5km</c>: a number with a unit.</summary>
    internal static Diagnostic NumberWithUnit(SourceLocation at, string number, string unit) =>
        Make(SyntaxErrorDescriptor, at,
            $"numbers have no units: write '{number}' without '{unit}' (say the unit in the fact's description)");

    internal static Diagnostic NestingTooDeep(SourceLocation at, int limit) =>
        Make(NestingTooDeepDescriptor, at, $"condition is nested more than {limit} levels deep");

    internal static Diagnostic InvalidNumber(SourceLocation at, string text) =>
        Make(InvalidNumberDescriptor, at, $"the number {text} is too large");

    // ---- Names and types ----
    /// <summary>BPR101</summary>
    public static readonly DiagnosticDescriptor UndeclaredNameDescriptor = Error("BPR101", "Undeclared name");
    /// <summary>BPR102</summary>
    public static readonly DiagnosticDescriptor UndeclaredEnumValueDescriptor = Error("BPR102", "Undeclared enum value");
    /// <summary>BPR103</summary>
    public static readonly DiagnosticDescriptor DuplicateNameDescriptor = Error("BPR103", "Name declared twice");
    /// <summary>BPR104</summary>
    public static readonly DiagnosticDescriptor DuplicateRuleIdDescriptor = Error("BPR104", "Two rules with one id");
    /// <summary>BPR105</summary>
    public static readonly DiagnosticDescriptor DuplicateEnumValueDescriptor = Error("BPR105", "Enum value listed twice");
    /// <summary>BPR106</summary>
    public static readonly DiagnosticDescriptor WrongKindDescriptor = Error("BPR106", "Name of the wrong kind");
    /// <summary>BPR107</summary>
    public static readonly DiagnosticDescriptor TypeMismatchDescriptor = Error("BPR107", "Type mismatch");
    /// <summary>BPR108</summary>
    public static readonly DiagnosticDescriptor InvalidRangeDescriptor = Error("BPR108", "Invalid range");
    /// <summary>BPR109</summary>
    public static readonly DiagnosticDescriptor TooManyEnumValuesDescriptor = Error("BPR109", "Too many enum values");
    /// <summary>BPR110</summary>
    public static readonly DiagnosticDescriptor ConclusionCycleDescriptor = Error("BPR110", "Conclusion cycle");
    /// <summary>BPR111</summary>
    public static readonly DiagnosticDescriptor RecommendAndAvoidDescriptor = Error("BPR111", "A rule recommends and avoids one item");
    /// <summary>BPR112</summary>
    public static readonly DiagnosticDescriptor ValueOutOfRangeDescriptor = Error("BPR112", "Test value outside the declared range");

    internal static Diagnostic UndeclaredName(SourceLocation at, string kind, string name, string? suggestion) =>
        Make(UndeclaredNameDescriptor, at,
            suggestion is null ? $"{kind} '{name}' is not declared" : $"{kind} '{name}' is not declared; did you mean '{suggestion}'?",
            suggestion);

    /// <summary>A value of an enum fact written where a fact is expected (BPR101), with the test it most likely meant.</summary>
    internal static Diagnostic ValueUsedAsFact(SourceLocation at, string value, string fact, FactKind type) =>
        Make(UndeclaredNameDescriptor, at,
            $"'{value}' is not a fact but a value of '{fact}': test it with '{fact} {(type == FactKind.AnyOf ? "has" : "is")} {value}'");

    /// <summary><c>a is x or y</c>: <c>y</c> is another value of <c>a</c> (BPR101); <paramref name="values"/> are those listed so far.</summary>
    internal static Diagnostic ValueJoinedWithOr(SourceLocation at, string value, string fact, IReadOnlyList<string> values) =>
        Make(UndeclaredNameDescriptor, at,
            $"'{value}' is not a fact but a value of '{fact}', and 'or' joins whole conditions: write '{fact} in ({string.Join(", ", values)})'");

    internal static Diagnostic UndeclaredEnumValue(SourceLocation at, string fact, string value, string? suggestion, IEnumerable<string> values) =>
        Make(UndeclaredEnumValueDescriptor, at,
            $"'{value}' is not a value of '{fact}'" + (suggestion is null ? $" (values: {string.Join(", ", values)})" : $"; did you mean '{suggestion}'?"),
            suggestion);

    internal static Diagnostic DuplicateName(SourceLocation at, string name, SourceLocation first) =>
        Make(DuplicateNameDescriptor, at, $"'{name}' is already declared at {first}");

    internal static Diagnostic DuplicateRuleId(SourceLocation at, string id, SourceLocation first) =>
        Make(DuplicateRuleIdDescriptor, at, $"rule id '{id}' is already used at {first}");

    internal static Diagnostic DuplicateEnumValue(SourceLocation at, string fact, string value) =>
        Make(DuplicateEnumValueDescriptor, at, $"'{value}' is listed twice in '{fact}'");

    internal static Diagnostic WrongKind(SourceLocation at, string name, string actualKind, string expectedKind) =>
        Make(WrongKindDescriptor, at, $"'{name}' is a {actualKind}, but a {expectedKind} is expected here");

    // BPR107, one factory per kind of type mismatch.
    internal static Diagnostic ConcludeOfNonBoolFact(SourceLocation at, string fact, FactKind type) =>
        Make(TypeMismatchDescriptor, at, $"'{fact}' is {WithArticle(type)} fact; only bool facts can be concluded");

    internal static Diagnostic ExpectConcludeOfNonBoolFact(SourceLocation at, string fact, FactKind type) =>
        Make(TypeMismatchDescriptor, at, $"'{fact}' is {WithArticle(type)} fact; only bool facts are concluded");

    internal static Diagnostic FactUsedAsCondition(SourceLocation at, string fact, FactKind type, string? firstValue)
    {
        string hint = type switch
        {
            FactKind.Number => $"compare it, as in '{fact} > 10'",
            FactKind.OneOf => $"test its value, as in '{fact} is {firstValue ?? "VALUE"}'",
            _ => $"test its values, as in '{fact} has {firstValue ?? "VALUE"}'",
        };
        return Make(TypeMismatchDescriptor, at, $"'{fact}' is {WithArticle(type)} fact, not a condition; {hint}");
    }

    internal static Diagnostic KeywordNeedsOtherFactType(SourceLocation at, string keyword, string fact, FactKind needed, FactKind type)
    {
        string hint = type switch
        {
            FactKind.AnyOf => "; use 'has' for an 'any of' fact",
            FactKind.OneOf => "; use 'is' or 'in' for a 'one of' fact",
            _ => "",
        };
        return Make(TypeMismatchDescriptor, at, $"'{keyword}' needs {WithArticle(needed)} fact, but '{fact}' is {WithArticle(type)} fact{hint}");
    }

    /// <summary>
    /// <c>a >= x</c> with <c>a</c> a 'one of' or 'any of' fact (BPR107): its values have no order; <paramref name="meant"/> are
    /// the values the comparison most likely meant, or null when <paramref name="value"/> is not one of the fact's values.
    /// </summary>
    internal static Diagnostic EnumComparison(SourceLocation at, string fact, FactKind type, string op, string value, IReadOnlyList<string>? meant)
    {
        bool isValue = meant is not null;
        string problem = op is "=" or "!="
            ? $"'{fact}' is {WithArticle(type)} fact; its values are tested with {(type == FactKind.AnyOf ? "'has'" : "'is' or 'in'")}, not compared"
            : $"'{fact}' is {WithArticle(type)} fact and its values have no order, so they cannot be compared with '{op}'";
        string fix = !isValue ? $"'{value}' is not one of its values"
            : type == FactKind.AnyOf ? $"write '{fact} has{(op == "!=" ? " not" : "")} {value}'"
            : op == "=" ? $"write '{fact} is {value}'"
            : op == "!=" ? $"write '{fact} is not {value}'"
            : meant!.Count == 0 ? "no value comes before or after it; list the values that count with 'in (...)'"
            : $"list the values that count: '{fact} in ({string.Join(", ", meant)})'";
        return Make(TypeMismatchDescriptor, at, $"{problem}; {fix}");
    }

    internal static Diagnostic FactInArithmetic(SourceLocation at, string fact, FactKind type) =>
        Make(TypeMismatchDescriptor, at, $"'{fact}' is {WithArticle(type)} fact and cannot be used in arithmetic or comparisons");

    internal static Diagnostic GivenDoesNotFit(SourceLocation at, string fact, FactKind written, FactKind type) =>
        Make(TypeMismatchDescriptor, at, $"{GivenForm(fact, written)} does not fit '{fact}', {WithArticle(type)} fact; write {GivenForm(fact, type)}");

    /// <summary>A type as messages name it: "a bool", "a number", "a 'one of'", "an 'any of'".</summary>
    internal static string WithArticle(FactKind type) => type switch
    {
        FactKind.Bool => "a bool",
        FactKind.Number => "a number",
        FactKind.OneOf => "a 'one of'",
        FactKind.AnyOf => "an 'any of'",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>How a test's <c>given</c> gives a fact of a type.</summary>
    private static string GivenForm(string fact, FactKind type) => type switch
    {
        FactKind.Bool => $"'{fact}' or 'not {fact}'",
        FactKind.Number => $"'{fact} = NUMBER'",
        FactKind.OneOf => $"'{fact} is VALUE'",
        FactKind.AnyOf => $"'{fact} has VALUE'",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    internal static Diagnostic InvalidRange(SourceLocation at, double low, double high) =>
        Make(InvalidRangeDescriptor, at, $"range {Num(low)}..{Num(high)} is empty: the lower bound is above the upper bound");

    internal static Diagnostic TooManyEnumValues(SourceLocation at, string fact, int limit) =>
        Make(TooManyEnumValuesDescriptor, at, $"'{fact}' has more than {limit} values");

    internal static Diagnostic ConclusionCycle(SourceLocation at, IEnumerable<string> path) =>
        Make(ConclusionCycleDescriptor, at, $"conclusion cycle: {string.Join(" -> ", path)}");

    internal static Diagnostic RecommendAndAvoid(SourceLocation at, string rule, string recommendation) =>
        Make(RecommendAndAvoidDescriptor, at, $"rule '{rule}' both recommends and avoids '{recommendation}'");

    internal static Diagnostic ValueOutOfRange(SourceLocation at, string fact, double value, string range) =>
        Make(ValueOutOfRangeDescriptor, at, $"{Num(value)} is outside the range {range} of '{fact}'");

    // ---- Imports ----
    /// <summary>BPR120</summary>
    public static readonly DiagnosticDescriptor ImportNotFoundDescriptor = Error("BPR120", "Imported file not found");
    /// <summary>BPR121</summary>
    public static readonly DiagnosticDescriptor ImportEscapesDescriptor = Error("BPR121", "Import outside the rule set's folder");
    /// <summary>BPR122</summary>
    public static readonly DiagnosticDescriptor ImportCycleDescriptor = Error("BPR122", "Import cycle");
    /// <summary>BPR123</summary>
    public static readonly DiagnosticDescriptor ImportUnreadableDescriptor = Error("BPR123", "Imported file unreadable");

    internal static Diagnostic ImportNotFound(SourceLocation at, string path) =>
        Make(ImportNotFoundDescriptor, at, $"imported file '{path}' does not exist");

    internal static Diagnostic ImportEscapes(SourceLocation at, string path) =>
        Make(ImportEscapesDescriptor, at, $"import '{path}' reaches outside the rule set's folder; imports must be relative paths inside it");

    internal static Diagnostic ImportCycle(SourceLocation at, IEnumerable<string> chain) =>
        Make(ImportCycleDescriptor, at, $"import cycle: {string.Join(" -> ", chain)}");

    internal static Diagnostic ImportUnreadable(SourceLocation at, string path, Exception error) =>
        Make(ImportUnreadableDescriptor, at, $"cannot read imported file '{path}': {Reason(error)}");

    // ---- Actions and tests ----
    /// <summary>BPR130</summary>
    public static readonly DiagnosticDescriptor ListedTwiceInActionDescriptor = Error("BPR130", "Name listed twice in one action");
    /// <summary>BPR131</summary>
    public static readonly DiagnosticDescriptor ConcludedFactGivenInTestDescriptor = Error("BPR131", "Concluded fact or score given in a test");
    /// <summary>BPR132</summary>
    public static readonly DiagnosticDescriptor GivenTwiceDescriptor = Error("BPR132", "Fact given twice in a test");

    /// <summary>A name listed a second time in one <c>recommend</c>, <c>avoid</c> or <c>conclude</c>, at the second mention.</summary>
    internal static Diagnostic ListedTwiceInAction(SourceLocation at, string keyword, string name) =>
        Make(ListedTwiceInActionDescriptor, at, $"'{name}' is listed twice in one '{keyword}'");

    /// <summary>A test's <c>given</c> naming a fact that rules conclude: its rules alone decide it.</summary>
    internal static Diagnostic ScoreGivenInTest(SourceLocation at, string score) =>
        Make(ConcludedFactGivenInTestDescriptor, at,
            $"score '{score}' is computed by the rule set, so a test cannot give it; give the facts it is computed from instead");

    internal static Diagnostic ConcludedFactGivenInTest(SourceLocation at, string fact, IReadOnlyList<string> rules) =>
        Make(ConcludedFactGivenInTestDescriptor, at,
            $"'{fact}' is concluded by {RulesNamed(rules)}, so a test cannot give it; give the facts it is concluded from instead");

    /// <summary>A fact a test's <c>given</c> has already given (an 'any of' fact may be given several different values with <c>has</c>).</summary>
    internal static Diagnostic GivenTwice(SourceLocation at, string fact, SourceLocation first) =>
        Make(GivenTwiceDescriptor, at, $"'{fact}' is already given at {first}; a test gives each fact once");

    /// <summary>"rule 'a'" or "rules 'a', 'b'".</summary>
    private static string RulesNamed(IReadOnlyList<string> rules) => (rules.Count == 1 ? "rule " : "rules ") + Quoted(rules);

    /// <summary>Why a file could not be read: "no such file", or what the system said.</summary>
    private static string Reason(Exception error) =>
        error is FileNotFoundException or DirectoryNotFoundException ? "no such file" : error.Message;

    // ---- Warnings about rule sets ----
    /// <summary>BPR201</summary>
    public static readonly DiagnosticDescriptor UnusedFactDescriptor = Warning("BPR201", "Fact never used");
    /// <summary>BPR202</summary>
    public static readonly DiagnosticDescriptor UnusedRecommendationDescriptor = Warning("BPR202", "Recommendation never used");
    /// <summary>BPR203</summary>
    public static readonly DiagnosticDescriptor NeverTrueDescriptor = Warning("BPR203", "Condition can never be true");

    internal static Diagnostic UnusedFact(SourceLocation at, string name) =>
        Make(UnusedFactDescriptor, at, $"fact '{name}' is never used by a rule");

    internal static Diagnostic UnusedRecommendation(SourceLocation at, string name) =>
        Make(UnusedRecommendationDescriptor, at, $"recommendation '{name}' is never recommended or avoided by a rule");

    internal static Diagnostic NeverTrue(SourceLocation at, NeverTrueReason reason) =>
        Make(NeverTrueDescriptor, at, $"this condition can never be true: {reason.Text}");

    // ---- Files and profiles ----
    /// <summary>BPR300</summary>
    public static readonly DiagnosticDescriptor UnreadableFileDescriptor = Error("BPR300", "File unreadable");
    /// <summary>BPR301</summary>
    public static readonly DiagnosticDescriptor InvalidJsonDescriptor = Error("BPR301", "Invalid JSON");
    /// <summary>BPR302</summary>
    public static readonly DiagnosticDescriptor DuplicateKeyDescriptor = Error("BPR302", "Duplicate key in a profile");
    /// <summary>BPR303</summary>
    public static readonly DiagnosticDescriptor WrongValueTypeDescriptor = Error("BPR303", "Value of the wrong type");
    /// <summary>BPR304</summary>
    public static readonly DiagnosticDescriptor ProfileOutOfRangeDescriptor = Error("BPR304", "Number outside the declared range");
    /// <summary>BPR305</summary>
    public static readonly DiagnosticDescriptor ProfileUndeclaredValueDescriptor = Error("BPR305", "Enum value not declared");
    /// <summary>BPR306</summary>
    public static readonly DiagnosticDescriptor UndeclaredKeyDescriptor = Warning("BPR306", "Key is not a fact of the rule set");
    /// <summary>BPR307</summary>
    public static readonly DiagnosticDescriptor UndeclaredKeyStrictDescriptor = Error("BPR307", "Key is not a fact of the rule set (--strict)");
    /// <summary>BPR308</summary>
    public static readonly DiagnosticDescriptor NotAnObjectDescriptor = Error("BPR308", "A profile must be a JSON object");
    /// <summary>BPR309</summary>
    public static readonly DiagnosticDescriptor ConcludedFactInProfileDescriptor = Error("BPR309", "Concluded fact or score given in a profile");

    internal static Diagnostic UnreadableFile(SourceLocation at, Exception error) =>
        Make(UnreadableFileDescriptor, at, $"cannot read file: {Reason(error)}");

    // BPR301, one factory per kind of invalid JSON.
    /// <summary>What System.Text.Json said, without the position it appends (the location says it), for the value of <paramref name="fact"/> if known.</summary>
    internal static Diagnostic JsonReaderError(SourceLocation at, string? fact, string readerMessage)
    {
        // System.Text.Json appends "LineNumber: 0 | BytePositionInLine: 5." to its messages; the position goes in front instead.
        int cut = readerMessage.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) readerMessage = readerMessage[..cut];
        return InvalidJson(at, fact, readerMessage.TrimEnd('.', ' '));
    }

    internal static Diagnostic JsonTooDeep(SourceLocation at, string? fact, int limit) =>
        InvalidJson(at, fact, $"the JSON is nested more than {limit} levels deep");

    internal static Diagnostic EmptyProfile(SourceLocation at) => InvalidJson(at, null, "the profile is empty");

    internal static Diagnostic ContentAfterProfile(SourceLocation at) => InvalidJson(at, null, "unexpected content after the profile");

    internal static Diagnostic ContentAfterArray(SourceLocation at) => InvalidJson(at, null, "unexpected content after the array");

    /// <summary>SPEC §5: a number too large for a double is invalid JSON, wherever it stands in the profile (<paramref name="key"/>: the key whose value holds it).</summary>
    internal static Diagnostic NumberBeyondDouble(SourceLocation at, string key, FoundJson found) =>
        InvalidJson(at, key, $"{Shown(found)} is too large for a double");

    internal static Diagnostic ArrayNotClosed(SourceLocation at) => InvalidJson(at, null, "the array is not closed with ']'");

    internal static Diagnostic KeyNotText(SourceLocation at) => InvalidJson(at, null, "a key is not valid text (an unpaired surrogate escape)");

    internal static Diagnostic StringNotText(SourceLocation at, string fact) =>
        InvalidJson(at, fact, "the string is not valid text (an unpaired surrogate escape)");

    private static Diagnostic InvalidJson(SourceLocation at, string? fact, string problem) =>
        MakeAbout(InvalidJsonDescriptor, at, fact, fact is null ? $"invalid JSON: {problem}" : $"invalid JSON: fact '{fact}': {problem}");

    internal static Diagnostic DuplicateKey(SourceLocation at, string key) =>
        MakeAbout(DuplicateKeyDescriptor, at, key, $"fact '{key}': key appears twice in the profile");

    // BPR303, one factory per kind of value expected.
    internal static Diagnostic IdNotAString(SourceLocation at, FoundJson found) => WrongValueType(at, "$id", "a string", found);

    internal static Diagnostic NotABool(SourceLocation at, string fact, FoundJson found) => WrongValueType(at, fact, "true, false or null", found);

    internal static Diagnostic NotANumber(SourceLocation at, string fact, FoundJson found) => WrongValueType(at, fact, "a number or null", found);


    internal static Diagnostic NotAValueOf(SourceLocation at, string fact, IEnumerable<string> values, FoundJson found) =>
        WrongValueType(at, fact, $"one of \"{string.Join("\", \"", values)}\" or null", found);

    internal static Diagnostic NotAnArray(SourceLocation at, string fact, FoundJson found) => WrongValueType(at, fact, "an array of values or null", found);

    internal static Diagnostic NotAStringInArray(SourceLocation at, string fact, FoundJson found) =>
        WrongValueType(at, fact, "a string value in the array", found);

    private static Diagnostic WrongValueType(SourceLocation at, string key, string expected, FoundJson found) =>
        MakeAbout(WrongValueTypeDescriptor, at, key, $"fact '{key}': expected {expected}, found {Shown(found)}");

    /// <summary>How a JSON value is shown in a message: its text if short, else its kind.</summary>
    private static string Shown(FoundJson found) => found.Type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => $"the string \"{Shorten(found.Text ?? "")}\"",
        JsonTokenType.Number => $"the number {Shorten(found.Text ?? "")}",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => found.Type.ToString(),
    };

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;

    internal static Diagnostic ProfileOutOfRange(SourceLocation at, string key, double value, string range) =>
        MakeAbout(ProfileOutOfRangeDescriptor, at, key, $"fact '{key}': {Num(value)} is outside the declared range {range}");

    internal static Diagnostic ProfileUndeclaredValue(SourceLocation at, string key, string value, IEnumerable<string> values) =>
        MakeAbout(ProfileUndeclaredValueDescriptor, at, key, $"fact '{key}': \"{value}\" is not one of its values ({string.Join(", ", values)})");

    internal static Diagnostic UndeclaredKey(SourceLocation at, string key, string? suggestion) =>
        MakeAbout(UndeclaredKeyDescriptor, at, key, $"'{key}' is not a fact of this rule set{DidYouMean(suggestion)}; ignored", suggestion);

    internal static Diagnostic UndeclaredKeyStrict(SourceLocation at, string key, string? suggestion) =>
        MakeAbout(UndeclaredKeyStrictDescriptor, at, key, $"'{key}' is not a fact of this rule set{DidYouMean(suggestion)}", suggestion);

    private static string DidYouMean(string? suggestion) => suggestion is null ? "" : $"; did you mean '{suggestion}'?";

    /// <summary>A profile key naming a fact that rules conclude (whatever its value, null included): its rules alone decide it.</summary>
    internal static Diagnostic ConcludedFactInProfile(SourceLocation at, string fact, IReadOnlyList<string> rules) =>
        MakeAbout(ConcludedFactInProfileDescriptor, at, fact,
            $"fact '{fact}' is concluded by {RulesNamed(rules)}, so a profile cannot give it; give the facts it is concluded from instead");

    internal static Diagnostic ScoreInProfile(SourceLocation at, string score) =>
        MakeAbout(ConcludedFactInProfileDescriptor, at, score,
            $"score '{score}' is computed by the rule set, so a profile cannot give it; give the facts it is computed from instead");

    internal static Diagnostic NotAnObject(SourceLocation at, FoundJson found) =>
        Make(NotAnObjectDescriptor, at, $"a profile must be a JSON object, found {Shown(found)}");

    // ---- Evaluation ----
    /// <summary>BPR401</summary>
    public static readonly DiagnosticDescriptor RecommendedAndAvoidedDescriptor = Warning("BPR401", "Recommended and avoided");
    /// <summary>BPR402, retired: a profile may no longer give a concluded fact (BPR309), so it cannot contradict a rule.</summary>
    public static readonly DiagnosticDescriptor ProfileContradictsRuleDescriptor = Retire("BPR402", DiagnosticSeverity.Warning, "Profile contradicts a rule");

    internal static CodedMessage RecommendedAndAvoided(string item, IEnumerable<string> recommendedBy, IEnumerable<string> avoidedBy) =>
        new(RecommendedAndAvoidedDescriptor.Code,
            $"'{item}' is recommended by {Quoted(recommendedBy)} and avoided by {Quoted(avoidedBy)}; it is listed only under avoid");

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}

/// <summary>
/// Why a condition can never be true (BPR203), as its message says it: one reason per kind of contradiction,
/// made only here, so no reason is free text.
/// </summary>
internal sealed record NeverTrueReason
{
    private NeverTrueReason(string text) => Text = text;

    /// <summary>The reason as the message says it.</summary>
    public string Text { get; }

    /// <summary>The literal <c>false</c>.</summary>
    public static NeverTrueReason FalseLiteral { get; } = new("'false' is never true");

    /// <summary>A bool fact required both true and false.</summary>
    public static NeverTrueReason FactAndNotFact(string fact) => new($"'{fact}' and 'not {fact}'");

    /// <summary>A fact required both known and unknown.</summary>
    public static NeverTrueReason KnownAndNotKnown(string fact) => new($"'known {fact}' and 'not known {fact}'");

    /// <summary>An 'any of' fact required both to have and not to have a value.</summary>
    public static NeverTrueReason HasAndHasNot(string fact, string value) => new($"'{fact} has {value}' and '{fact} has not {value}'");

    /// <summary>A 'one of' fact whose tests leave it no value.</summary>
    public static NeverTrueReason NoValueMeetsEveryTest(string fact) => new($"'{fact}' cannot take a value that meets every test of it");

    /// <summary>A number fact whose comparisons (with its declared range, if any) leave it no value.</summary>
    public static NeverTrueReason NoValueMeetsEveryComparison(string fact, string? declaredRange) =>
        new($"no value of '{fact}' meets every comparison{(declaredRange is null ? "" : $" (declared range {declaredRange})")}");

    /// <summary>Each branch of a disjunction can never be true: their reasons, each once, in order.</summary>
    public static NeverTrueReason EveryBranch(IEnumerable<NeverTrueReason> reasons) =>
        new(string.Join("; ", reasons.Select(r => r.Text).Distinct()));
}
