import { z } from 'zod';

export const expirationCompleteSchema = z.object({ orderId: z.string().min(1) });
