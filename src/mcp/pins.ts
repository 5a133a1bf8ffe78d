/**
 * Tool pinning: the hash of each tool's name, description and input schema on first sight,
 * persisted in a JSON file, so a later change (a "rug pull") is noticed.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { digest } from '../core/canonical.js';
import { errorMessage, InputError } from '../core/errors.js';

/** What an MCP server says a tool is. */
export interface ToolDefinition {
  readonly name: string;
  readonly description?: string | undefined;
  readonly inputSchema?: unknown;
}

/** A pinned definition: its hashes and when it was first seen. */
export interface ToolPin {
  /** Hex SHA-256 of the canonical `{ name, description, inputSchema }`. */
  readonly hash: string;
  readonly descriptionHash: string;
  readonly schemaHash: string;
  /** ISO time the pin was (re)made. */
  readonly pinnedAt: string;
}

/** How a tool compares with its pin. */
export type PinStatus =
  | { readonly state: 'new'; readonly pin: ToolPin }
  | { readonly state: 'same'; readonly pin: ToolPin }
  | {
      readonly state: 'changed';
      readonly pinned: ToolPin;
      readonly current: ToolPin;
      /** Which parts changed: `description`, `inputSchema`. */
      readonly changed: readonly string[];
    };

/** The pin of a definition as of `now`. */
export function pinOf(tool: ToolDefinition, now: number): ToolPin {
  return {
    hash: digest({
      name: tool.name,
      description: tool.description ?? null,
      inputSchema: tool.inputSchema ?? null,
    }),
    descriptionHash: digest(tool.description ?? null),
    schemaHash: digest(tool.inputSchema ?? null),
    pinnedAt: new Date(now).toISOString(),
  };
}

/** Pins keyed by `<server>/<tool>`, persisted to a JSON file on every change. */
export class ToolPins {
  private readonly pins = new Map<string, ToolPin>();

  /** Loads `file` when it exists; a file that is not a pin map is an `InputError`. */
  constructor(private readonly file: string | undefined) {
    if (!file) return;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return; // no pins yet
    }
    try {
      const data = JSON.parse(text) as { pins?: Record<string, ToolPin> };
      for (const [k, v] of Object.entries(data.pins ?? {})) {
        if (typeof v?.hash !== 'string') throw new Error(`pin ${k} has no hash`);
        this.pins.set(k, v);
      }
    } catch (err) {
      throw new InputError(file, `not a tool pin file: ${errorMessage(err)}`);
    }
  }

  /** Compares a definition with its pin; a first sighting is pinned at once. */
  compare(server: string, tool: ToolDefinition, now: number): PinStatus {
    const key = `${server}/${tool.name}`;
    const current = pinOf(tool, now);
    const pinned = this.pins.get(key);
    if (!pinned) {
      this.pins.set(key, current);
      this.save();
      return { state: 'new', pin: current };
    }
    if (pinned.hash === current.hash) return { state: 'same', pin: pinned };
    const changed: string[] = [];
    if (pinned.descriptionHash !== current.descriptionHash) changed.push('description');
    if (pinned.schemaHash !== current.schemaHash) changed.push('inputSchema');
    return { state: 'changed', pinned, current, changed };
  }

  /** Accepts a changed definition (the policy allowed the change). */
  repin(server: string, pin: ToolPin, name: string): void {
    this.pins.set(`${server}/${name}`, pin);
    this.save();
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const pins = Object.fromEntries([...this.pins].sort(([a], [b]) => (a < b ? -1 : 1)));
    writeFileSync(tmp, `${JSON.stringify({ version: 1, pins }, null, 2)}\n`);
    // why: rename is atomic, so a crash never leaves a half-written pin file.
    renameSync(tmp, this.file);
  }
}
