// The workspace the real-VS-Code tests open: a small clean rule set with two test blocks, a profile
// for live evaluation, and a second folder level so that relative names differ from absolute ones.

export const RULES_FILE = 'rules/sample.rules';
export const PROFILE_FILE = 'profiles/numb-runner.json';

export const SAMPLE_RULES = `# Sample rules for the real-VS-Code tests.
fact leg_numbness: bool "Numbness or tingling in the legs"
fact pain_score: number 0..10 "Worst back pain in the last week"
fact workout: one of easy, tempo, intervals "The kind of run planned next"
fact red_flag: bool "A warning sign that needs a physician"

recommendation see_physician "See a physician before running again" priority urgent
recommendation increase_cadence "Increase cadence" priority high

rule red_flag_numbness:
  if leg_numbness
  then recommend see_physician and conclude red_flag
  because "Numbness can mean a nerve is involved"

rule cadence_for_intervals:
  if workout is intervals and pain_score >= 3 and not red_flag
  then recommend increase_cadence

test "numbness sends the runner to a physician":
  given leg_numbness
  expect recommend see_physician
  expect conclude red_flag

test "intervals with pain need cadence work":
  given not leg_numbness, workout is intervals, pain_score = 5
  expect recommend increase_cadence
`;

/** A runner with numb legs: red_flag_numbness fires, cadence_for_intervals does not. */
export const NUMB_RUNNER = JSON.stringify({ leg_numbness: true, pain_score: 2, workout: 'easy' }, null, 2) + '\n';

export const WORKSPACE_FILES: Record<string, string> = {
  [RULES_FILE]: SAMPLE_RULES,
  [PROFILE_FILE]: NUMB_RUNNER,
};
