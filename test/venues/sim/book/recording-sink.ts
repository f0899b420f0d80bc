import type { FillSink, MakerCancelReason } from '../../../../framework/venues/sim/book/types.ts';

export type SinkEvent =
  | { kind: 'fill'; maker: number; taker: number; price: number; qty: number; makerLeft: number; takerLeft: number }
  | { kind: 'makerCanceled'; id: number; left: number };

/** A FillSink that keeps every callback as a plain object, in order. */
export class RecordingSink implements FillSink {
  events: SinkEvent[] = [];

  onFill(maker: number, taker: number, price: number, qty: number, makerLeft: number, takerLeft: number): void {
    this.events.push({ kind: 'fill', maker, taker, price, qty, makerLeft, takerLeft });
  }

  onMakerCanceled(id: number, left: number, _reason: MakerCancelReason): void {
    this.events.push({ kind: 'makerCanceled', id, left });
  }

  fills(): Array<Extract<SinkEvent, { kind: 'fill' }>> {
    return this.events.filter((e): e is Extract<SinkEvent, { kind: 'fill' }> => e.kind === 'fill');
  }

  take(): SinkEvent[] {
    const e = this.events;
    this.events = [];
    return e;
  }
}
