using BackPainRules.Semantics;

namespace BackPainRules.Benchmarks.Peers;

#pragma warning disable IDE1006 // names are the rule set's own, so they can be checked against it

/// <summary>The kind of run planned next (<c>workout</c>).</summary>
public enum Workout { Easy, Tempo, Intervals, LongRun }

/// <summary>Runs during or after which the low back hurts (<c>pain_during</c>, an <c>any of</c> fact).</summary>
[Flags]
public enum PainDuring { None = 0, EasyRuns = 1, SpeedWorkouts = 2, LongRuns = 4 }

/// <summary>A runner's profile as a C# programmer would type it for the built-in rule set.</summary>
public sealed class RunnerProfile
{
    public bool LegNumbness, NightPain, BladderBowelChanges, PainAfterFall, Fever, SaddleNumbness;
    public double PainScore;
    public Workout Workout;
    public PainDuring PainDuring;
    public double? Cadence;
    public bool FootLandsInFront, ChestPuffedOutAtSpeed, ButtPushedBackAtSpeed, PelvisTippedForwardStanding;
    public double LongRunKm, WeeklyKm, CoreSessionsPerWeek, PlankSeconds;
    public bool QuadsFeelTight, HipFlexorsFeelTight;
    public double SittingHoursPerDay, IndoorCyclingHoursPerWeek;
    public bool ReturningFromBackStrain, Pregnant;
    public double WeeksPregnant;
    public bool BeltFeelsConstricting;

    /// <summary>From a generated profile's values (per fact index of <paramref name="model"/>); every input fact must be known.</summary>
    public static RunnerProfile From(RuleSetModel model, object?[] values)
    {
        object V(string name) => values[model.Facts.Single(f => f.Name == name).Index]
            ?? throw new ArgumentException($"{name} is unknown; the hand-written code needs fully known profiles");
        bool B(string name) => (bool)V(name);
        double N(string name) => (double)V(name);
        var during = (bool[])V("pain_during");
        return new RunnerProfile
        {
            LegNumbness = B("leg_numbness"), NightPain = B("night_pain"), BladderBowelChanges = B("bladder_bowel_changes"),
            PainAfterFall = B("pain_after_fall"), Fever = B("fever"), SaddleNumbness = B("saddle_numbness"),
            PainScore = N("pain_score"),
            Workout = (Workout)(int)V("workout"),
            PainDuring = (during[0] ? PainDuring.EasyRuns : 0) | (during[1] ? PainDuring.SpeedWorkouts : 0) | (during[2] ? PainDuring.LongRuns : 0),
            Cadence = N("cadence"),
            FootLandsInFront = B("foot_lands_in_front"), ChestPuffedOutAtSpeed = B("chest_puffed_out_at_speed"),
            ButtPushedBackAtSpeed = B("butt_pushed_back_at_speed"), PelvisTippedForwardStanding = B("pelvis_tipped_forward_standing"),
            LongRunKm = N("long_run_km"), WeeklyKm = N("weekly_km"), CoreSessionsPerWeek = N("core_sessions_per_week"), PlankSeconds = N("plank_seconds"),
            QuadsFeelTight = B("quads_feel_tight"), HipFlexorsFeelTight = B("hip_flexors_feel_tight"),
            SittingHoursPerDay = N("sitting_hours_per_day"), IndoorCyclingHoursPerWeek = N("indoor_cycling_hours_per_week"),
            ReturningFromBackStrain = B("returning_from_back_strain"), Pregnant = B("pregnant"), WeeksPregnant = N("weeks_pregnant"),
            BeltFeelsConstricting = B("belt_feels_constricting"),
        };
    }
}

/// <summary>
/// The built-in rule set (examples/lower-back-pain.rules) written by hand as C# <c>if</c> statements over
/// <see cref="RunnerProfile"/>: the ceiling. It fills the same <see cref="PeerResult"/> as the other peers
/// (fired rules, concluded facts, recommended and avoided items), so its answers can be checked against
/// BackPainRules'. Two-valued, like every peer: fully known profiles.
/// </summary>
public sealed class BuiltInHandWritten
{
    // Rules, recommendations and concluded facts in declaration order; the constructor checks the names.
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

    private enum Rec
    {
        seek_emergency_care, see_physician, increase_cadence, core_work, hip_flexor_stretches, get_up_more, dynamic_warmup,
        land_under_body_cue, run_tall_without_puffing_chest, pelvis_mirror_check, gait_analysis, yoga_for_runners, sports_massage,
        foam_roller, lumbar_support_belt, belly_band, kinesiology_tape, massage_gun, measure_cadence, give_it_time, continue_training,
        reduce_training, static_stretch_before_run,
    }

    private enum C { red_flag, sits_a_lot, overstriding, tight_quads, tight_hip_flexors, form_breakdown_at_speed, anterior_pelvic_tilt, weak_core, long_run_fatigue }

    private readonly PeerLayout layout;

    public BuiltInHandWritten(PeerLayout layout)
    {
        this.layout = layout;
        Check(Enum.GetNames<R>(), layout.RuleIds, "rules");
        Check(Enum.GetNames<Rec>(), layout.RecommendationNames, "recommendations");
        Check(Enum.GetNames<C>(), layout.DerivedNames, "concluded facts");
    }

    private static void Check(string[] mine, string[] theirs, string what)
    {
        if (!mine.SequenceEqual(theirs))
        {
            throw new InvalidOperationException($"The hand-written built-in rules are out of date: the {what} differ from examples/lower-back-pain.rules.");
        }
    }

    public PeerResult Evaluate(RunnerProfile p)
    {
        var result = new PeerResult(layout);
        var fired = result.Fired;
        var recommend = result.Recommended;
        var avoid = result.Avoided;
        bool redFlag = false, sitsALot = false, overstriding = false, tightQuads = false, tightHipFlexors = false;
        bool formBreakdownAtSpeed = false, anteriorPelvicTilt = false, weakCore = false, longRunFatigue = false;

        // Red flags: see a physician, stop training
        if (p.LegNumbness) { fired.Add((int)R.red_flag_numbness); recommend[(int)Rec.see_physician] = true; avoid[(int)Rec.continue_training] = true; redFlag = true; }
        if (p.NightPain) { fired.Add((int)R.red_flag_night_pain); recommend[(int)Rec.see_physician] = true; avoid[(int)Rec.continue_training] = true; redFlag = true; }
        if (p.BladderBowelChanges || p.SaddleNumbness)
        {
            fired.Add((int)R.red_flag_bladder_bowel);
            recommend[(int)Rec.seek_emergency_care] = true;
            recommend[(int)Rec.see_physician] = true;
            avoid[(int)Rec.continue_training] = true;
            redFlag = true;
        }
        if (p.PainAfterFall) { fired.Add((int)R.red_flag_after_fall); recommend[(int)Rec.see_physician] = true; avoid[(int)Rec.continue_training] = true; redFlag = true; }
        if (p.Fever) { fired.Add((int)R.red_flag_fever); recommend[(int)Rec.see_physician] = true; avoid[(int)Rec.continue_training] = true; redFlag = true; }
        if (p.PainScore >= 8) { fired.Add((int)R.red_flag_severe_pain); recommend[(int)Rec.see_physician] = true; avoid[(int)Rec.continue_training] = true; redFlag = true; }
        if (!redFlag && p.PainScore <= 4) { fired.Add((int)R.keep_training); recommend[(int)Rec.continue_training] = true; }
        if (!redFlag && p.PainScore >= 5 && p.PainScore < 8) { fired.Add((int)R.moderate_pain_reduce_training); recommend[(int)Rec.reduce_training] = true; }

        // Causes
        if (p.SittingHoursPerDay >= 6) { fired.Add((int)R.sitting_desk_days); sitsALot = true; }
        if (p.SittingHoursPerDay * 7 + p.IndoorCyclingHoursPerWeek >= 42) { fired.Add((int)R.sitting_plus_bike); sitsALot = true; }
        if (p.FootLandsInFront) { fired.Add((int)R.overstride_observed); overstriding = true; }
        if (p.Cadence < 160) { fired.Add((int)R.overstride_low_cadence); overstriding = true; }
        if (p.QuadsFeelTight) { fired.Add((int)R.quads_reported_tight); tightQuads = true; }
        if (overstriding && sitsALot) { fired.Add((int)R.quads_from_overstride_and_sitting); tightQuads = true; }
        if (p.HipFlexorsFeelTight) { fired.Add((int)R.hip_flexors_reported_tight); tightHipFlexors = true; }
        if (sitsALot) { fired.Add((int)R.hip_flexors_from_sitting); tightHipFlexors = true; }
        if (p.ChestPuffedOutAtSpeed || p.ButtPushedBackAtSpeed) { fired.Add((int)R.speed_form_breakdown); formBreakdownAtSpeed = true; }
        if (tightQuads || tightHipFlexors) { fired.Add((int)R.tilt_from_tightness); anteriorPelvicTilt = true; }
        if (formBreakdownAtSpeed) { fired.Add((int)R.tilt_from_speed_form); anteriorPelvicTilt = true; }
        if (p.PelvisTippedForwardStanding) { fired.Add((int)R.tilt_seen_in_mirror); anteriorPelvicTilt = true; }
        if (p.CoreSessionsPerWeek < 2) { fired.Add((int)R.weak_core_few_sessions); weakCore = true; }
        if (p.PlankSeconds < 60) { fired.Add((int)R.weak_core_short_plank); weakCore = true; }
        if (p.LongRunKm >= 16 || p.LongRunKm > p.WeeklyKm / 2 || (p.PainDuring & PainDuring.LongRuns) != 0)
        {
            fired.Add((int)R.long_run_fatigue_risk);
            longRunFatigue = true;
        }

        // Stride and cadence
        if (overstriding) { fired.Add((int)R.cadence_for_overstriding); recommend[(int)Rec.increase_cadence] = true; }
        if (overstriding && p.Workout != Workout.Easy) { fired.Add((int)R.stride_when_fast_or_tired); recommend[(int)Rec.land_under_body_cue] = true; }
        if (p.Cadence is null && (p.FootLandsInFront || (p.PainDuring & PainDuring.SpeedWorkouts) != 0))
        {
            fired.Add((int)R.measure_your_cadence);
            recommend[(int)Rec.measure_cadence] = true;
        }

        // Form on speed workouts
        if (formBreakdownAtSpeed)
        {
            fired.Add((int)R.speed_form_cues);
            recommend[(int)Rec.run_tall_without_puffing_chest] = true;
            recommend[(int)Rec.pelvis_mirror_check] = true;
        }
        if ((p.PainDuring & PainDuring.SpeedWorkouts) != 0 && (p.PainDuring & PainDuring.EasyRuns) == 0)
        {
            fired.Add((int)R.speed_pain_gait_analysis);
            recommend[(int)Rec.gait_analysis] = true;
        }
        if (!redFlag && (p.Workout == Workout.Tempo || p.Workout == Workout.Intervals) && (anteriorPelvicTilt || (p.PainDuring & PainDuring.SpeedWorkouts) != 0))
        {
            fired.Add((int)R.warmup_before_speed);
            recommend[(int)Rec.dynamic_warmup] = true;
        }

        // Tightness and sitting
        if (anteriorPelvicTilt) { fired.Add((int)R.tilt_mirror_check); recommend[(int)Rec.pelvis_mirror_check] = true; }
        if (tightQuads) { fired.Add((int)R.foam_roll_tight_quads); recommend[(int)Rec.foam_roller] = true; }
        if (tightHipFlexors)
        {
            fired.Add((int)R.hip_flexor_care);
            recommend[(int)Rec.hip_flexor_stretches] = true;
            recommend[(int)Rec.foam_roller] = true;
        }
        if (sitsALot) { fired.Add((int)R.sitting_breaks); recommend[(int)Rec.get_up_more] = true; }
        if (sitsALot || anteriorPelvicTilt) { fired.Add((int)R.yoga_for_tightness); recommend[(int)Rec.yoga_for_runners] = true; }
        if ((tightQuads && tightHipFlexors) || ((p.PainDuring & PainDuring.EasyRuns) != 0 && anteriorPelvicTilt))
        {
            fired.Add((int)R.sports_massage_for_tightness);
            recommend[(int)Rec.sports_massage] = true;
        }
        if (tightQuads || tightHipFlexors) { fired.Add((int)R.massage_gun_for_tight_muscles); recommend[(int)Rec.massage_gun] = true; }
        if (anteriorPelvicTilt) { fired.Add((int)R.tightness_takes_time); recommend[(int)Rec.give_it_time] = true; }

        // Core and long runs
        if (anteriorPelvicTilt && weakCore) { fired.Add((int)R.core_for_tilt); recommend[(int)Rec.core_work] = true; }
        if (longRunFatigue && weakCore) { fired.Add((int)R.core_for_long_runs); recommend[(int)Rec.core_work] = true; }
        if (p.Workout == Workout.LongRun && longRunFatigue && overstriding) { fired.Add((int)R.long_run_form_check); recommend[(int)Rec.land_under_body_cue] = true; }

        // Every run
        if (!redFlag && p.PainDuring != PainDuring.None) { fired.Add((int)R.warm_up_dynamically); recommend[(int)Rec.dynamic_warmup] = true; }
        fired.Add((int)R.no_static_stretch_before_run);
        avoid[(int)Rec.static_stretch_before_run] = true;

        // Support: tape, belts and pregnancy
        if (p.ReturningFromBackStrain) { fired.Add((int)R.tape_for_strained_back); recommend[(int)Rec.kinesiology_tape] = true; }
        if (p.Pregnant) { fired.Add((int)R.pregnancy_belly_band); recommend[(int)Rec.belly_band] = true; }
        if (p.Pregnant && p.WeeksPregnant >= 20) { fired.Add((int)R.pregnancy_lumbar_support); recommend[(int)Rec.lumbar_support_belt] = true; }
        if (p.Pregnant && p.BeltFeelsConstricting) { fired.Add((int)R.tape_when_belt_constricts); recommend[(int)Rec.kinesiology_tape] = true; }

        var concluded = result.Concluded;
        concluded[(int)C.red_flag] = redFlag;
        concluded[(int)C.sits_a_lot] = sitsALot;
        concluded[(int)C.overstriding] = overstriding;
        concluded[(int)C.tight_quads] = tightQuads;
        concluded[(int)C.tight_hip_flexors] = tightHipFlexors;
        concluded[(int)C.form_breakdown_at_speed] = formBreakdownAtSpeed;
        concluded[(int)C.anterior_pelvic_tilt] = anteriorPelvicTilt;
        concluded[(int)C.weak_core] = weakCore;
        concluded[(int)C.long_run_fatigue] = longRunFatigue;
        return result;
    }
}
