using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using BackPainRules.Evaluation;
using BackPainRules.Syntax;

namespace BackPainRules.Benchmarks.Peers;

#pragma warning disable IDE1006 // names are the rule set's own, so they can be checked against it

/// <summary>
/// The built-in rule set (examples/lower-back-pain.rules) written by hand, like <see cref="BuiltInHandWritten"/>,
/// but producing the same full <see cref="EvaluationResult"/> as BackPainRules: items in priority, then
/// declaration, order with their texts and the ids of the rules behind them, avoid beating recommend with a
/// BPR401 warning, concluded facts sorted by name, fired rule ids in source order. It is the ceiling for
/// "evaluate and build the whole answer", where <see cref="BuiltInHandWritten"/> only fills a few bool arrays.
/// </summary>
/// <remarks>
/// The decisions are <see cref="BuiltInHandWritten"/>'s <c>if</c>s, one for one. They are repeated here rather
/// than shared so that the existing baseline stays exactly the code it was measured as. What a rule does is
/// recorded as bits: bit <c>r</c> of <see cref="Decisions.Fired"/> when rule <c>r</c> fires, and of an item's
/// mask when rule <c>r</c> recommends or avoids it. The rule set has 46 rules, so one <see cref="ulong"/> holds
/// them, and walking the bits upwards lists rules in source order for free. Everything that depends only on
/// the rule set is typed in by hand (the items in output order with their texts, the concluded names in
/// sorted order) or made once and shared (an item with one rule behind it).
/// </remarks>
public sealed class BuiltInHandWrittenFullResult
{
    // Rules and concluded facts in declaration order, as in BuiltInHandWritten.
    private enum R
    {
        red_flag_numbness, red_flag_night_pain, red_flag_bladder_bowel, red_flag_after_fall, red_flag_fever, red_flag_severe_pain,
        keep_training, moderate_pain_reduce_training, sitting_desk_days, sitting_plus_bike, overstride_observed, overstride_low_cadence,
        quads_reported_tight, quads_from_overstride_and_sitting, hip_flexors_reported_tight, hip_flexors_from_sitting, speed_form_breakdown,
        tilt_from_tightness, tilt_from_speed_form, tilt_seen_in_mirror, weak_core_few_sessions, weak_core_short_plank, long_run_fatigue_risk,
        cadence_for_overstriding, stride_when_fast_or_tired, measure_your_cadence, speed_form_cues, speed_pain_gait_analysis,
        warmup_before_speed, tilt_mirror_check, foam_roll_tight_quads, hip_flexor_care, sitting_breaks, yoga_for_tightness,
        sports_massage_for_tightness, massage_gun_for_tight_muscles, tightness_takes_time, core_for_tilt, core_for_long_runs,
        long_run_form_check, warm_up_dynamically, no_static_stretch_before_run, tape_for_strained_back, pregnancy_belly_band,
        pregnancy_lumbar_support, tape_when_belt_constricts,
    }

    private const int RuleCount = (int)R.tape_when_belt_constricts + 1;

    /// <summary>
    /// The recommendations in output order: urgent, high, normal, low, and by declaration within a priority
    /// (so <c>reduce_training</c>, declared late but high, comes right after the other high ones).
    /// </summary>
    private enum Item
    {
        seek_emergency_care, see_physician,
        increase_cadence, core_work, hip_flexor_stretches, get_up_more, dynamic_warmup, reduce_training,
        land_under_body_cue, run_tall_without_puffing_chest, pelvis_mirror_check, gait_analysis, yoga_for_runners, sports_massage,
        foam_roller, lumbar_support_belt, belly_band, kinesiology_tape, static_stretch_before_run,
        massage_gun, measure_cadence, give_it_time, continue_training,
    }

    private const int ItemCount = (int)Item.continue_training + 1;

    /// <summary>Text and priority per <see cref="Item"/>, in the same order.</summary>
    private static readonly (string Text, Priority Priority)[] ItemTexts =
    [
        ("Seek emergency care today: bladder or bowel changes, or numbness in the saddle area, can mean the nerves at the base of the spine are compressed", Priority.Urgent),
        ("See a physician before running again", Priority.Urgent),
        ("Increase cadence: think of a quicker turnover so the foot lands under the body", Priority.High),
        ("Do core work consistently, e.g. a 10 minutes a day core challenge, for strong hips, glutes and abs", Priority.High),
        ("Stretch the hip flexors a few times a week (after running, not before)", Priority.High),
        ("Get up and move more through the day to prevent tightness from sitting", Priority.High),
        ("Do a good dynamic warm-up before every run to release tension", Priority.High),
        ("Cut back distance and intensity until the pain settles; see a physiotherapist if it is not clearly better within two weeks", Priority.High),
        ("When running fast or tired, shorten the stride and land under the body", Priority.Normal),
        ("On speed work, run tall without puffing the chest out, keeping the pelvis neutral", Priority.Normal),
        ("Mirror check: exaggerate the pelvis forward and back to find neutral, then check in while running that the bum is not pushed out and back", Priority.Normal),
        ("Have a running gait analysis to see how your form changes at speed", Priority.Normal),
        ("Yoga for runners once a week, for flexibility, strength and range of motion", Priority.Normal),
        ("Regular sports massage to find the root spot of tightness and release it", Priority.Normal),
        ("Foam roll the quads and hip flexors", Priority.Normal),
        ("Lumbar support belt while running (mostly needed by pregnant runners)", Priority.Normal),
        ("Pregnancy support band (e.g. Belly Bandit) for the weight carried in front", Priority.Normal),
        ("Kinesiology tape (e.g. RockTape) placed with no stretch along the low back", Priority.Normal),
        ("Static stretching before a run", Priority.Normal),
        ("Massage gun to relax tight muscles", Priority.Low),
        ("Measure cadence: count steps for 30 seconds on an easy run and double it", Priority.Low),
        ("Expect a few weeks to a month for tightness to release and the new posture to hold", Priority.Low),
        ("Keep running as planned while making the changes above", Priority.Low),
    ];

    /// <summary>
    /// The only items any rule avoids, in declaration order (the order BPR401 warnings come in). Only these
    /// can be both recommended and avoided.
    /// </summary>
    private static readonly Item[] AvoidableInDeclarationOrder = [Item.continue_training, Item.static_stretch_before_run];

    private readonly string[] ruleIds = Enum.GetNames<R>();
    private readonly string[] itemNames = Enum.GetNames<Item>();

    /// <summary>
    /// Per item and rule (<c>item * RuleCount + rule</c>): the item with just that rule behind it, the common
    /// case. Made on first use and then shared by every result, so its list of rules is immutable.
    /// </summary>
    private readonly RecommendationResult?[] singleRuleItems = new RecommendationResult?[ItemCount * RuleCount];

    public BuiltInHandWrittenFullResult(PeerLayout layout)
    {
        // The model is only read to check that the hand-typed tables are still the rule set's.
        var model = layout.Model;
        Check(ruleIds, layout.RuleIds, "rules");
        Check(itemNames, model.Recommendations.OrderBy(r => r.Priority).ThenBy(r => r.Index).Select(r => r.Name).ToArray(), "recommendations in output order");
        for (int item = 0; item < ItemCount; item++)
        {
            var declared = model.Recommendations.Single(r => r.Name == itemNames[item]);
            if (declared.Description != ItemTexts[item].Text || declared.Priority != ItemTexts[item].Priority)
            {
                throw new InvalidOperationException($"The hand-written built-in rules are out of date: {itemNames[item]} has another text or priority in examples/lower-back-pain.rules.");
            }
        }
        var avoidable = model.Recommendations.Where(r => model.Rules.Any(rule => rule.Avoids.Contains(r))).Select(r => r.Name).ToArray();
        Check(AvoidableInDeclarationOrder.Select(i => itemNames[(int)i]).ToArray(), avoidable, "avoided recommendations");
    }

    private static void Check(string[] mine, string[] theirs, string what)
    {
        if (!mine.SequenceEqual(theirs))
        {
            throw new InvalidOperationException($"The hand-written built-in rules are out of date: the {what} differ from examples/lower-back-pain.rules.");
        }
    }

    /// <summary>Per item: one bit per rule behind it (bit <c>r</c> for rule <c>r</c>).</summary>
    [InlineArray(ItemCount)]
    private struct RulesPerItem
    {
        private ulong first;
    }

    /// <summary>What the rules decided for one profile, kept on the stack.</summary>
    private struct Decisions
    {
        public ulong Fired;
        public RulesPerItem RecommendedBy;
        public RulesPerItem AvoidedBy;
        private ulong current;

        /// <summary>Rule <paramref name="rule"/> fired; the next <see cref="Recommend"/> and <see cref="Avoid"/> calls are its actions.</summary>
        public void Fire(R rule)
        {
            current = 1UL << (int)rule;
            Fired |= current;
        }

        public void Recommend(Item item) => RecommendedBy[(int)item] |= current;

        public void Avoid(Item item) => AvoidedBy[(int)item] |= current;
    }

    public EvaluationResult Evaluate(string profileName, RunnerProfile p)
    {
        var d = new Decisions();
        bool redFlag = false, sitsALot = false, overstriding = false, tightQuads = false, tightHipFlexors = false;
        bool formBreakdownAtSpeed = false, anteriorPelvicTilt = false, weakCore = false, longRunFatigue = false;

        // Red flags: see a physician, stop training
        if (p.LegNumbness) { d.Fire(R.red_flag_numbness); d.Recommend(Item.see_physician); d.Avoid(Item.continue_training); redFlag = true; }
        if (p.NightPain) { d.Fire(R.red_flag_night_pain); d.Recommend(Item.see_physician); d.Avoid(Item.continue_training); redFlag = true; }
        if (p.BladderBowelChanges || p.SaddleNumbness)
        {
            d.Fire(R.red_flag_bladder_bowel);
            d.Recommend(Item.seek_emergency_care);
            d.Recommend(Item.see_physician);
            d.Avoid(Item.continue_training);
            redFlag = true;
        }
        if (p.PainAfterFall) { d.Fire(R.red_flag_after_fall); d.Recommend(Item.see_physician); d.Avoid(Item.continue_training); redFlag = true; }
        if (p.Fever) { d.Fire(R.red_flag_fever); d.Recommend(Item.see_physician); d.Avoid(Item.continue_training); redFlag = true; }
        if (p.PainScore >= 8) { d.Fire(R.red_flag_severe_pain); d.Recommend(Item.see_physician); d.Avoid(Item.continue_training); redFlag = true; }
        if (!redFlag && p.PainScore <= 4) { d.Fire(R.keep_training); d.Recommend(Item.continue_training); }
        if (!redFlag && p.PainScore >= 5 && p.PainScore < 8) { d.Fire(R.moderate_pain_reduce_training); d.Recommend(Item.reduce_training); }

        // Causes
        if (p.SittingHoursPerDay >= 6) { d.Fire(R.sitting_desk_days); sitsALot = true; }
        if (p.SittingHoursPerDay * 7 + p.IndoorCyclingHoursPerWeek >= 42) { d.Fire(R.sitting_plus_bike); sitsALot = true; }
        if (p.FootLandsInFront) { d.Fire(R.overstride_observed); overstriding = true; }
        if (p.Cadence < 160) { d.Fire(R.overstride_low_cadence); overstriding = true; }
        if (p.QuadsFeelTight) { d.Fire(R.quads_reported_tight); tightQuads = true; }
        if (overstriding && sitsALot) { d.Fire(R.quads_from_overstride_and_sitting); tightQuads = true; }
        if (p.HipFlexorsFeelTight) { d.Fire(R.hip_flexors_reported_tight); tightHipFlexors = true; }
        if (sitsALot) { d.Fire(R.hip_flexors_from_sitting); tightHipFlexors = true; }
        if (p.ChestPuffedOutAtSpeed || p.ButtPushedBackAtSpeed) { d.Fire(R.speed_form_breakdown); formBreakdownAtSpeed = true; }
        if (tightQuads || tightHipFlexors) { d.Fire(R.tilt_from_tightness); anteriorPelvicTilt = true; }
        if (formBreakdownAtSpeed) { d.Fire(R.tilt_from_speed_form); anteriorPelvicTilt = true; }
        if (p.PelvisTippedForwardStanding) { d.Fire(R.tilt_seen_in_mirror); anteriorPelvicTilt = true; }
        if (p.CoreSessionsPerWeek < 2) { d.Fire(R.weak_core_few_sessions); weakCore = true; }
        if (p.PlankSeconds < 60) { d.Fire(R.weak_core_short_plank); weakCore = true; }
        if (p.LongRunKm >= 16 || p.LongRunKm > p.WeeklyKm / 2 || (p.PainDuring & PainDuring.LongRuns) != 0)
        {
            d.Fire(R.long_run_fatigue_risk);
            longRunFatigue = true;
        }

        // Stride and cadence
        if (overstriding) { d.Fire(R.cadence_for_overstriding); d.Recommend(Item.increase_cadence); }
        if (overstriding && p.Workout != Workout.Easy) { d.Fire(R.stride_when_fast_or_tired); d.Recommend(Item.land_under_body_cue); }
        if (p.Cadence is null && (p.FootLandsInFront || (p.PainDuring & PainDuring.SpeedWorkouts) != 0))
        {
            d.Fire(R.measure_your_cadence);
            d.Recommend(Item.measure_cadence);
        }

        // Form on speed workouts
        if (formBreakdownAtSpeed)
        {
            d.Fire(R.speed_form_cues);
            d.Recommend(Item.run_tall_without_puffing_chest);
            d.Recommend(Item.pelvis_mirror_check);
        }
        if ((p.PainDuring & PainDuring.SpeedWorkouts) != 0 && (p.PainDuring & PainDuring.EasyRuns) == 0)
        {
            d.Fire(R.speed_pain_gait_analysis);
            d.Recommend(Item.gait_analysis);
        }
        if (!redFlag && (p.Workout == Workout.Tempo || p.Workout == Workout.Intervals) && (anteriorPelvicTilt || (p.PainDuring & PainDuring.SpeedWorkouts) != 0))
        {
            d.Fire(R.warmup_before_speed);
            d.Recommend(Item.dynamic_warmup);
        }

        // Tightness and sitting
        if (anteriorPelvicTilt) { d.Fire(R.tilt_mirror_check); d.Recommend(Item.pelvis_mirror_check); }
        if (tightQuads) { d.Fire(R.foam_roll_tight_quads); d.Recommend(Item.foam_roller); }
        if (tightHipFlexors)
        {
            d.Fire(R.hip_flexor_care);
            d.Recommend(Item.hip_flexor_stretches);
            d.Recommend(Item.foam_roller);
        }
        if (sitsALot) { d.Fire(R.sitting_breaks); d.Recommend(Item.get_up_more); }
        if (sitsALot || anteriorPelvicTilt) { d.Fire(R.yoga_for_tightness); d.Recommend(Item.yoga_for_runners); }
        if ((tightQuads && tightHipFlexors) || ((p.PainDuring & PainDuring.EasyRuns) != 0 && anteriorPelvicTilt))
        {
            d.Fire(R.sports_massage_for_tightness);
            d.Recommend(Item.sports_massage);
        }
        if (tightQuads || tightHipFlexors) { d.Fire(R.massage_gun_for_tight_muscles); d.Recommend(Item.massage_gun); }
        if (anteriorPelvicTilt) { d.Fire(R.tightness_takes_time); d.Recommend(Item.give_it_time); }

        // Core and long runs
        if (anteriorPelvicTilt && weakCore) { d.Fire(R.core_for_tilt); d.Recommend(Item.core_work); }
        if (longRunFatigue && weakCore) { d.Fire(R.core_for_long_runs); d.Recommend(Item.core_work); }
        if (p.Workout == Workout.LongRun && longRunFatigue && overstriding) { d.Fire(R.long_run_form_check); d.Recommend(Item.land_under_body_cue); }

        // Every run
        if (!redFlag && p.PainDuring != PainDuring.None) { d.Fire(R.warm_up_dynamically); d.Recommend(Item.dynamic_warmup); }
        d.Fire(R.no_static_stretch_before_run);
        d.Avoid(Item.static_stretch_before_run);

        // Support: tape, belts and pregnancy
        if (p.ReturningFromBackStrain) { d.Fire(R.tape_for_strained_back); d.Recommend(Item.kinesiology_tape); }
        if (p.Pregnant) { d.Fire(R.pregnancy_belly_band); d.Recommend(Item.belly_band); }
        if (p.Pregnant && p.WeeksPregnant >= 20) { d.Fire(R.pregnancy_lumbar_support); d.Recommend(Item.lumbar_support_belt); }
        if (p.Pregnant && p.BeltFeelsConstricting) { d.Fire(R.tape_when_belt_constricts); d.Recommend(Item.kinesiology_tape); }

        // Avoid beats recommend: the item is listed only under avoid, with a warning.
        List<EvaluationWarning>? warnings = null;
        foreach (var item in AvoidableInDeclarationOrder)
        {
            ulong recommending = d.RecommendedBy[(int)item];
            ulong avoiding = d.AvoidedBy[(int)item];
            if (recommending == 0 || avoiding == 0) continue;
            warnings ??= new List<EvaluationWarning>(1);
            warnings.Add(new EvaluationWarning("BPR401",
                $"'{itemNames[(int)item]}' is recommended by {Quote(recommending)} and avoided by {Quote(avoiding)}; it is listed only under avoid"));
            d.RecommendedBy[(int)item] = 0;
        }

        // Concluded facts, in ordinal name order as typed here.
        int concludedCount = (anteriorPelvicTilt ? 1 : 0) + (formBreakdownAtSpeed ? 1 : 0) + (longRunFatigue ? 1 : 0) + (overstriding ? 1 : 0)
            + (redFlag ? 1 : 0) + (sitsALot ? 1 : 0) + (tightHipFlexors ? 1 : 0) + (tightQuads ? 1 : 0) + (weakCore ? 1 : 0);
        var concluded = concludedCount == 0 ? Array.Empty<string>() : new string[concludedCount];
        int next = 0;
        if (anteriorPelvicTilt) concluded[next++] = "anterior_pelvic_tilt";
        if (formBreakdownAtSpeed) concluded[next++] = "form_breakdown_at_speed";
        if (longRunFatigue) concluded[next++] = "long_run_fatigue";
        if (overstriding) concluded[next++] = "overstriding";
        if (redFlag) concluded[next++] = "red_flag";
        if (sitsALot) concluded[next++] = "sits_a_lot";
        if (tightHipFlexors) concluded[next++] = "tight_hip_flexors";
        if (tightQuads) concluded[next++] = "tight_quads";
        if (weakCore) concluded[next++] = "weak_core";

        return new EvaluationResult(profileName, Items(ref d.RecommendedBy), Items(ref d.AvoidedBy), Array.Empty<WithheldRecommendation>(),
            concluded, Array.Empty<ScoreResult>(), RuleIds(d.Fired),
            Array.Empty<UndeterminedRule>(), (IReadOnlyList<EvaluationWarning>?)warnings ?? Array.Empty<EvaluationWarning>());
    }

    /// <summary>The items with a rule behind them, in output order (the order of <see cref="Item"/>).</summary>
    private RecommendationResult[] Items(ref RulesPerItem rulesPerItem)
    {
        int count = 0;
        for (int item = 0; item < ItemCount; item++)
        {
            if (rulesPerItem[item] != 0) count++;
        }
        if (count == 0) return Array.Empty<RecommendationResult>();
        var items = new RecommendationResult[count];
        int next = 0;
        for (int item = 0; item < ItemCount; item++)
        {
            ulong rules = rulesPerItem[item];
            if (rules == 0) continue;
            if (BitOperations.PopCount(rules) == 1)
            {
                int rule = BitOperations.TrailingZeroCount(rules);
                items[next++] = singleRuleItems[item * RuleCount + rule] ??=
                    new RecommendationResult(itemNames[item], ItemTexts[item].Text, ItemTexts[item].Priority, ImmutableArray.Create(ruleIds[rule]));
            }
            else
            {
                items[next++] = new RecommendationResult(itemNames[item], ItemTexts[item].Text, ItemTexts[item].Priority, RuleIds(rules));
            }
        }
        return items;
    }

    /// <summary>The ids of the rules whose bits are set, in source order.</summary>
    private string[] RuleIds(ulong rules)
    {
        if (rules == 0) return Array.Empty<string>();
        var ids = new string[BitOperations.PopCount(rules)];
        int next = 0;
        for (; rules != 0; rules &= rules - 1) ids[next++] = ruleIds[BitOperations.TrailingZeroCount(rules)];
        return ids;
    }

    /// <summary><c>'a', 'b'</c>: the rules of a BPR401 warning, quoted, in source order.</summary>
    private string Quote(ulong rules) => string.Join(", ", RuleIds(rules).Select(id => $"'{id}'"));
}
