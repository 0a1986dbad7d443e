// The warnings and errors Vigil processes logged during a benchmark (pino JSON lines of level
// warn and above), as distinct messages with a count each: a figure measured while a role was
// failing is no figure to quote.
export function problemsLogged(lines: Iterable<string>): Map<string, number> {
  const problems = new Map<string, number>();
  for (const line of lines) {
    if (!/"level":(40|50|60)/.test(line)) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; err?: { message?: string } };
      const text = `${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}`;
      problems.set(text, (problems.get(text) ?? 0) + 1);
    } catch {
      // Not a log line.
    }
  }
  return problems;
}
