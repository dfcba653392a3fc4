/**
 * The target-state rule in SQL, for every query that reads `course_target ct` (reports, working
 * list, extracts, the benchmark's floor): the rule itself is the SQL function target_state
 * (migrations/1764160000000-ServiceTargets.ts), the same as clock.rules.ts gives for one course.
 */
/** A target's state on `day`, over `course_target ct` (the rule is the SQL function target_state). */
export const TARGET_STATE_SQL = (day: string) => `target_state(ct.settled_state, ct.deadline, ct.state_before_deadline, ${day})`;

/** The same with the deadline moved by the family-caused delay so far (the adjusted figures). */
export const ADJUSTED_TARGET_STATE_SQL = (day: string) =>
  `CASE WHEN ct.adjusted_settled_state IS NOT NULL THEN ct.adjusted_settled_state
        ELSE target_state(NULL, ct.deadline + running_delay_days(ct.delay_from, ct.delay_to, ${day}), ct.adjusted_state_before_deadline, ${day}) END`;
