import type { ParameterFileParams } from '../../strategy/parameter-file.ts';

/**
 * An epoch's parameters as Freqtrade prints them after a run, one block per section:
 *
 *   # Buy hyperspace params:
 *   buy_params = {"buy_fast": 12, "buy_slow": 44}
 *   # ROI table:
 *   minimal_roi = {"0": 0.1, "30": 0.05}
 */
export function paramsText(details: ParameterFileParams): string {
  const out: string[] = [];
  for (const [section, values] of Object.entries(details)) {
    if (values === undefined) continue;
    switch (section) {
      case 'roi':
        out.push('# ROI table:', `minimal_roi = ${JSON.stringify(values)}`);
        break;
      case 'stoploss':
        out.push('# Stoploss:', `stoploss = ${JSON.stringify((values as { stoploss: number }).stoploss)}`);
        break;
      case 'trailing':
        out.push('# Trailing stop:');
        for (const [k, v] of Object.entries(values)) out.push(`${k} = ${JSON.stringify(v)}`);
        break;
      case 'max_open_trades':
        out.push('# Max Open Trades:', `max_open_trades = ${JSON.stringify((values as { max_open_trades: number }).max_open_trades)}`);
        break;
      default: {
        const title = section.charAt(0).toUpperCase() + section.slice(1);
        out.push(`# ${title} hyperspace params:`, `${section}_params = ${JSON.stringify(values)}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}
