/** POST /v1/scan: findings for a text, and the text with findings redacted on request. */
import { z } from 'zod';
import type { Provenance } from '../../core/check.js';
import { FINDING_CATEGORIES } from '../../core/finding.js';
import { redact } from '../../scan/redact.js';
import type { Scanner } from '../../scan/scanner.js';
import type { ServerMetrics } from '../metrics.js';
import { route } from '../route.js';
import { ErrorSchema } from '../schemas.js';

const ScanBody = z
  .object({
    text: z.string().max(1_000_000),
    phase: z.enum(['input', 'output', 'action', 'tool_result']).optional(),
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']).optional(),
    provenance: z
      .object({
        trust: z.enum(['trusted', 'untrusted']).optional(),
        sensitive: z.boolean().optional(),
        source: z.string().max(512).optional(),
      })
      .strict()
      .optional(),
    redact: z
      .boolean()
      .default(false)
      .describe('Also return the text with findings of `redactCategories` replaced.'),
    redactCategories: z
      .array(z.enum(FINDING_CATEGORIES))
      .min(1)
      .default(['pii', 'secret'])
      .describe('Categories to redact (default pii and secret).'),
    redactStyle: z
      .enum(['tag', 'mask'])
      .default('tag')
      .describe('`tag`: replace with `[ENTITY]`; `mask`: same-length `*` (offsets keep).'),
  })
  .strict();

const FindingSchema = z.looseObject({
  category: z.enum(FINDING_CATEGORIES),
  detector: z.string(),
  score: z.number(),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  entity: z.string().optional(),
  location: z.string().optional(),
  span: z.object({ start: z.number(), end: z.number() }).optional(),
  evidence: z.string().optional().describe('Masked excerpt; never the raw sensitive value.'),
});

/** The scan route. */
export function scanRoutes(scanner: Scanner, metrics: ServerMetrics) {
  return [
    route({
      method: 'POST',
      path: '/v1/scan',
      operationId: 'scan',
      summary: 'Findings for a text (spans in the original text, evidence masked).',
      tag: 'scan',
      permission: 'scan',
      body: ScanBody,
      responses: {
        200: {
          description: 'Findings, and the redacted text when asked',
          schema: z.object({
            findings: z.array(FindingSchema),
            redacted: z.string().optional(),
          }),
        },
        400: { description: 'Invalid body', schema: ErrorSchema },
      },
      async handler({ body }) {
        const findings = scanner.scanText(body.text, {
          location: 'content',
          ...(body.phase !== undefined ? { phase: body.phase } : {}),
          ...(body.role !== undefined ? { role: body.role } : {}),
          ...(body.provenance !== undefined ? { provenance: body.provenance as Provenance } : {}),
        });
        metrics.observeFindings(findings);
        return {
          findings,
          ...(body.redact
            ? {
                redacted: redact(
                  body.text,
                  findings.filter((f) => body.redactCategories.includes(f.category)),
                  { style: body.redactStyle },
                ),
              }
            : {}),
        };
      },
    }),
  ];
}
