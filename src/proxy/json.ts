/** Narrowing helpers for provider JSON bodies (parsed at the edge, shapes vary by provider). */

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Array elements that are objects. */
export function objects(v: unknown): JsonObject[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

/** Parsed tool-call arguments as check params: an object, or the raw text when it is not one. */
export function parseArguments(raw: unknown): { params: JsonObject; valid: boolean } {
  if (isObject(raw)) return { params: raw, valid: true };
  if (typeof raw !== 'string') return { params: {}, valid: raw === undefined };
  if (raw.trim() === '') return { params: {}, valid: true };
  try {
    const v: unknown = JSON.parse(raw);
    if (isObject(v)) return { params: v, valid: true };
  } catch {
    // fall through: the model emitted arguments that are not a JSON object
  }
  return { params: { arguments: raw }, valid: false };
}
