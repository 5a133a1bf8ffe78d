#!/usr/bin/env node
/** The `bulwark` command. Each command lives in its own module and registers itself here. */
import { Command } from 'commander';
import { version } from './version.js';

const program = new Command()
  .name('bulwark')
  .description('Runtime safety layer for AI agents: scan, monitor, decide, approve, audit.')
  .version(version)
  .showHelpAfterError();

// Command modules: each exports `register(program)`.
const modules: Array<{ register(program: Command): void }> = [];
for (const m of modules) m.register(program);

await program.parseAsync(process.argv);
