import { KeelError } from '../core/errors.ts';
import type { OrderEventType, OrderStatus } from './types.ts';

/**
 * An event that the order state table does not allow from the order's current status. The
 * order is left unchanged: a status never changes silently.
 */
export class InvalidOrderTransition extends KeelError {
  readonly clientOrderId: string;
  readonly status: OrderStatus;
  readonly eventType: OrderEventType | string;
  constructor(clientOrderId: string, status: OrderStatus, eventType: OrderEventType | string) {
    super(
      'ORDER_INVALID_TRANSITION',
      `order ${clientOrderId}: event '${eventType}' is not allowed in status ${status} (see the order state table in docs/execution.md)`,
    );
    this.clientOrderId = clientOrderId;
    this.status = status;
    this.eventType = eventType;
  }
}

/**
 * An event that is allowed by the state table but whose content would break an order
 * invariant: a fill beyond the order quantity, a duplicate trade id, an update that takes the
 * quantity below what is already filled, an event for another order. The order is unchanged.
 */
export class OrderInvariantError extends KeelError {
  readonly clientOrderId: string;
  constructor(clientOrderId: string, message: string) {
    super('ORDER_INVARIANT', `order ${clientOrderId}: ${message}`);
    this.clientOrderId = clientOrderId;
  }
}
