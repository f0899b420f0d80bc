import { describe, expect, it } from 'vitest';
import { positionIdFor, positionIdTag, positionSideTag } from '../../framework/portfolio/position-id.ts';

describe('positionIdFor', () => {
  const base = { instrumentId: 'BTC/USDT:USDT' } as const;
  it('netting: always the instrument', () => {
    expect(positionIdFor({ ...base, side: 'sell', tags: [positionIdTag('x')] }, 'netting')).toBe('BTC/USDT:USDT');
  });
  it('hedging: explicit id, then side tag, then reduce-only, then the order side', () => {
    expect(positionIdFor({ ...base, side: 'buy', tags: [positionSideTag('short'), positionIdTag('grid-7')] }, 'hedging')).toBe('grid-7');
    expect(positionIdFor({ ...base, side: 'buy', reduceOnly: true, tags: [positionSideTag('short')] }, 'hedging')).toBe('BTC/USDT:USDT#short');
    expect(positionIdFor({ ...base, side: 'buy', reduceOnly: true }, 'hedging')).toBe('BTC/USDT:USDT#short');
    expect(positionIdFor({ ...base, side: 'sell', reduceOnly: true }, 'hedging')).toBe('BTC/USDT:USDT#long');
    expect(positionIdFor({ ...base, side: 'buy', tags: ['entry:breakout'] }, 'hedging')).toBe('BTC/USDT:USDT#long');
    expect(positionIdFor({ ...base, side: 'sell' }, 'hedging')).toBe('BTC/USDT:USDT#short');
    expect(positionIdFor({ ...base, side: 'sell', tags: ['positionId:'] }, 'hedging')).toBe('BTC/USDT:USDT#short'); // empty id ignored
  });
});
