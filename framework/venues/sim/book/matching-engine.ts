/**
 * MatchingEngine: one OrderBook per instrument id, for a venue that trades several markets.
 * The books are independent; each reports to its own FillSink (so a sink knows its market).
 *
 *   const engine = new MatchingEngine();
 *   const book = engine.addBook('BTC/USDT', sink);   // OrderBook (see order-book.ts)
 *   engine.book('BTC/USDT').addLimit(...)
 */
import { UsageError } from '../../../core/errors.ts';
import { OrderBook } from './order-book.ts';
import type { FillSink } from './types.ts';

export class MatchingEngine {
  private readonly books = new Map<string, OrderBook>();

  addBook(instrumentId: string, sink?: FillSink, capacity?: number): OrderBook {
    if (this.books.has(instrumentId)) throw new UsageError(`matching engine: a book for ${instrumentId} already exists`);
    const book = new OrderBook(sink, capacity);
    this.books.set(instrumentId, book);
    return book;
  }

  /** The book of an instrument; throws UsageError naming the known instruments when absent. */
  book(instrumentId: string): OrderBook {
    const book = this.books.get(instrumentId);
    if (!book) {
      const known = [...this.books.keys()].join(', ') || '(none)';
      throw new UsageError(`matching engine: no book for instrument ${instrumentId}; known: ${known}`);
    }
    return book;
  }

  findBook(instrumentId: string): OrderBook | undefined {
    return this.books.get(instrumentId);
  }

  instrumentIds(): string[] {
    return [...this.books.keys()];
  }

  removeBook(instrumentId: string): boolean {
    return this.books.delete(instrumentId);
  }
}
