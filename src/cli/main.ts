#!/usr/bin/env node
/** The `bulwark` command. Each command lives in its own module and registers itself here. */
import { Command } from 'commander';
import * as audit from './audit.js';
import * as check from './check.js';
import * as classifier from './classifier.js';
import * as evaluate from './eval.js';
import * as keys from './keys.js';
import * as mcp from './mcp.js';
import * as policy from './policy.js';
import * as proxy from './proxy.js';
import * as scan from './scan.js';
import * as serve from './serve.js';
import { version } from './version.js';

const program = new Command()
  .name('bulwark')
  .description('Runtime safety layer for AI agents: scan, monitor, decide, approve, audit.')
  .version(version)
  .showHelpAfterError();

// Command modules: each exports `register(program)`.
const modules: Array<{ register(program: Command): void }> = [
  classifier,
  evaluate,
  policy,
  check,
  audit,
  serve,
  scan,
  keys,
  mcp,
  proxy,
];
for (const m of modules) m.register(program);

await program.parseAsync(process.argv);
