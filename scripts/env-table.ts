// Prints the Markdown table of environment variables for README.md from src/config/env.ts,
// so the documentation cannot drift from the code (test/docs checks that it did not).
import { ENVIRONMENT_VARIABLES } from '../src/config/env.js';

const escape = (text: string) => text.replace(/\|/g, '\\|');
console.log('| Variable | Default | Meaning |');
console.log('| --- | --- | --- |');
for (const variable of ENVIRONMENT_VARIABLES) {
  console.log(
    `| \`${variable.name}\` | ${escape(variable.default)} | ${escape(variable.description)} |`,
  );
}
