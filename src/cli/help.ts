// The "every command" section of `vigil --help`, generated from the commander tree so it cannot
// fall out of date: each command with its arguments, description and options.
import type { Command } from 'commander';

export function allCommandsHelp(program: Command): string {
  const lines = ['', 'All commands:'];
  for (const command of leaves(program)) {
    const path = commandPath(command);
    const args = command.registeredArguments
      .map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`))
      .join(' ');
    lines.push('', `  ${[path, args].filter(Boolean).join(' ')}`);
    lines.push(...wrap(command.description(), '      '));
    for (const option of command.options) {
      const extra = option.argChoices ? ` (${option.argChoices.join('|')})` : '';
      const fallback =
        option.defaultValue !== undefined ? ` [default: ${String(option.defaultValue)}]` : '';
      lines.push(`      ${option.flags.padEnd(24)} ${option.description}${extra}${fallback}`);
    }
  }
  lines.push(
    '',
    'Where commands run: with DATABASE_URL they open PostgreSQL directly. On the embedded database',
    '(DATA_DIR) they run inside a running `vigil start` through DATA_DIR/vigil.sock, or open DATA_DIR',
    'themselves when no server is running. Errors go to stderr with a non-zero exit status.',
  );
  return lines.join('\n');
}

function leaves(command: Command): Command[] {
  return command.commands.flatMap((child) =>
    child.commands.length > 0 ? leaves(child) : child.name() === 'help' ? [] : [child],
  );
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function wrap(text: string, indent: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + word.length + 1 > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}
