'use server';

import { revalidatePath } from 'next/cache';
import { replayDeadLetter } from '@/lib/api/dead-letters';

export async function replayDeadLetterAction(id: string): Promise<void> {
  await replayDeadLetter(id);
  revalidatePath('/admin');
}
