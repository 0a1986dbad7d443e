// Placeholder: API key and configuration commands are registered here.
import type { Command } from 'commander';

export function registerAdminCommands(_program: Command): void {}
