import * as z from 'zod/mini';

/** `GET /api/health`: liveness of the Worker and whether Redis answers. */
export const healthSchema = z.object({
  ok: z.boolean(),
  redis: z.enum(['up', 'down']),
  version: z.string(),
});

export type Health = z.infer<typeof healthSchema>;
