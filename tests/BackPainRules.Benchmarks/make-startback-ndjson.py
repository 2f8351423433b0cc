#!/usr/bin/env python3
"""Writes an NDJSON batch of STarT Back profiles (examples/startback/startback.rules), to time `rules eval`
end to end beside the hand-written peer (tests/BackPainRules.EndToEndPeer, issue #18).

    python3 tests/BackPainRules.Benchmarks/make-startback-ndjson.py /tmp/sb.ndjson 200000
    python3 tests/BackPainRules.Benchmarks/make-startback-ndjson.py /tmp/sb-third.ndjson 200000 --missing-third

Seeded, so the same arguments give the same file. Every profile gives all 13 input facts (fully known),
in a shuffled key order, one in 20 with a "$id"; red flags are rare and each questionnaire item is agreed
with probability 0.3, so every risk group occurs. With --missing-third, 4 of the 13 facts (about a third)
are left out of each profile, chosen at random, so the rules and scores see unknowns (issue #9's intervals).
"""
import json
import random
import sys

RED_FLAGS = ["saddle_anaesthesia", "sphincter_disturbance", "systemically_unwell", "unexplained_weight_loss"]
ITEMS = ["leg_pain", "shoulder_neck_pain", "walked_short_distances", "dressed_slowly", "activity_feels_unsafe",
         "worrying_thoughts", "pain_never_better", "not_enjoying_things"]
BOTHER = ["not_at_all", "slightly", "moderately", "very_much", "extremely"]


def profile(r: random.Random, n: int, missing_third: bool) -> dict:
    p = {name: r.randrange(40) == 0 for name in RED_FLAGS}
    p.update({name: r.random() < 0.3 for name in ITEMS})
    p["bothersomeness"] = BOTHER[r.randrange(5)]
    if missing_third:
        for name in r.sample(sorted(p), 4):
            del p[name]
    keys = list(p)
    r.shuffle(keys)
    out = {"$id": f"patient-{n}"} if r.randrange(20) == 0 else {}
    out.update({k: p[k] for k in keys})
    return out


def main() -> None:
    path = sys.argv[1]
    count = int(sys.argv[2])
    missing_third = "--missing-third" in sys.argv[3:]
    r = random.Random(20261206)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for n in range(count):
            out.write(json.dumps(profile(r, n, missing_third), separators=(",", ":")))
            out.write("\n")
    print(f"{count:,} profiles written to {path}")


if __name__ == "__main__":
    main()
