#!/usr/bin/env python3
"""Writes an NDJSON batch of realistic runner profiles for the built-in rule set, to time `rules eval`.

    python3 tests/BackPainRules.Benchmarks/make-ndjson.py /tmp/profiles.ndjson 1000000

Seeded, so the same arguments give the same file. The values follow ProfileGenerator.BuiltInValue
(Peers/PeerModel.cs): red flags rare, pain mostly mild, cadence, distances and hours in their usual
ranges, a few pregnant runners. Each profile leaves 3 of the 26 input facts unknown (about a tenth),
chosen at random, and gives no concluded fact. See docs/PERFORMANCE-EVALUATION.md.
"""
import json
import random
import sys

BOOLS_RARE = {"leg_numbness": 25, "night_pain": 25, "pain_after_fall": 25, "fever": 25,
              "bladder_bowel_changes": 100, "saddle_numbness": 100, "pregnant": 12}
BOOLS = ["foot_lands_in_front", "chest_puffed_out_at_speed", "butt_pushed_back_at_speed",
         "pelvis_tipped_forward_standing", "quads_feel_tight", "hip_flexors_feel_tight",
         "returning_from_back_strain", "belt_feels_constricting"]


def profile(r: random.Random) -> dict:
    p = {name: r.randrange(one_in) == 0 for name, one_in in BOOLS_RARE.items()}
    p.update({name: r.randrange(2) == 1 for name in BOOLS})
    p["pain_score"] = min(10, int(abs(r.random() + r.random() - 1) * 11))
    p["cadence"] = r.randrange(145, 191)
    p["long_run_km"] = r.randrange(5, 33)
    p["weekly_km"] = r.randrange(15, 91)
    p["core_sessions_per_week"] = r.randrange(0, 6)
    p["plank_seconds"] = r.randrange(10, 181)
    p["sitting_hours_per_day"] = round(r.random() * 24) / 2
    p["indoor_cycling_hours_per_week"] = r.randrange(1, 8) if r.randrange(3) == 0 else 0
    p["weeks_pregnant"] = r.randrange(0, 41)
    p["workout"] = ["easy", "tempo", "intervals", "long_run"][r.randrange(4)]
    p["pain_during"] = [v for v, one_in in (("easy_runs", 3), ("speed_workouts", 3), ("long_runs", 4)) if r.randrange(one_in) == 0]
    for name in r.sample(sorted(p), 3):
        del p[name]
    return p


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/profiles.ndjson"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    r = random.Random(20260604)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for _ in range(count):
            out.write(json.dumps(profile(r), separators=(",", ":")))
            out.write("\n")
    print(f"{count:,} profiles written to {path}")


if __name__ == "__main__":
    main()
