import { z } from 'zod';

export const healthSchema = z.object({ status: z.literal('ok'), storage: z.enum(['pglite', 'postgres']), time: z.string() });
