/** Zod schemas shared by several routes (and by the OpenAPI document). */
import { z } from 'zod';

/** Error body of every non-2xx JSON response. */
export const ErrorSchema = z
  .object({
    error: z.looseObject({
      code: z.string().describe('Stable machine-readable code, e.g. `invalid_request`.'),
      message: z.string(),
      issues: z
        .array(z.looseObject({ path: z.string(), message: z.string() }))
        .optional()
        .describe('Every bad field (400) or located policy problem (422).'),
    }),
  })
  .meta({ description: 'An error.' });
