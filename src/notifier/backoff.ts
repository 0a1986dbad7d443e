// When a failed delivery is tried again: exponential backoff with jitter, and the receiver's own
// Retry-After when it asks for longer.

export interface RetryPolicy {
  /** Wait after the first failed attempt (before jitter). */
  baseMs: number;
  /** Longest wait, whatever the attempt number or the receiver asks for. */
  maxMs: number;
}

/**
 * Wait after failed attempt number `attempt` (1 = the first): base x 2^(attempt-1), capped, with
 * "equal jitter" — half of it fixed, half random — so that deliveries which failed together (one
 * receiver's outage) come back spread out instead of as a thundering herd, yet none sooner than
 * half the planned wait.
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 52));
  const planned = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(planned / 2 + (random() * planned) / 2);
}

/** The wait before the next attempt: the backoff, or what the receiver asked, within the cap. */
export function nextAttemptDelayMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const backoff = retryDelayMs(attempt, policy, random);
  return retryAfterMs === undefined
    ? backoff
    : Math.min(policy.maxMs, Math.max(backoff, retryAfterMs));
}
