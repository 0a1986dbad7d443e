// What /proc says about a process's children (Linux): nginx's workers, which must be ended by
// PID when their master was SIGKILLed, and which tell when a reload has taken effect.
import { readdirSync, readFileSync } from 'node:fs';

/** PIDs whose parent is `parent`, read from /proc/<pid>/stat; empty off Linux. */
export function childProcessesOf(parent: number): number[] {
  const children: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return children;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) may contain spaces and parentheses; fields after ") " are plain.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[1]);
      if (ppid === parent) children.push(Number(entry));
    } catch {
      // Exited while the list was read.
    }
  }
  return children;
}

/** The command line of a process with its arguments joined by spaces, or '' when it is gone. */
export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}
