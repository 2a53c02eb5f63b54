'use server';

import { revalidatePath } from 'next/cache';
import type { FormState } from '@/components/ui/form-state';
import { isApiError } from '@/lib/api/errors';
import { cancelOrder, refundOrder } from '@/lib/api/orders';

export async function cancelOrderAction(orderId: string, _state: FormState): Promise<FormState> {
  try {
    await cancelOrder(orderId);
  } catch (error) {
    if (!isApiError(error) || error.status >= 500) throw error;
    return { message: error.status === 409 ? 'This order is paid and can no longer be cancelled.' : error.message };
  }
  revalidatePath('/', 'layout');
  return { ok: true };
}

export async function refundOrderAction(orderId: string, _state: FormState): Promise<FormState> {
  try {
    await refundOrder(orderId);
  } catch (error) {
    if (!isApiError(error) || error.status >= 500) throw error;
    return { message: error.status === 409 ? 'Only a complete order can be refunded.' : error.message };
  }
  revalidatePath('/', 'layout');
  return { ok: true };
}
