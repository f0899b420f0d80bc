/**
 * Strategy template: copy this file to user_data/strategies/my_strategy.ts (files starting with
 * "_" are not loaded), rename the class, and fill in the hooks. Every attribute below shows its
 * default; delete the ones you do not change. The guide: docs/strategy-guide.md.
 */
import {
  IStrategy,
  IntParameter,
  DecimalParameter,
  ta,
  qtpylib,
  type DataFrame,
  type PairMetadata,
} from '../../framework/strategy/index.ts';

export class MyStrategy extends IStrategy {
  // `override` is required by the compiler for every attribute the base class declares; it also
  // catches typos (a misspelt attribute would be a new field, silently ignored).
  override timeframe = '5m';
  override minimalRoi = { '0': 0.1, '30': 0.05, '60': 0.02 }; // minutes -> minimum profit ratio
  override stoploss = -0.1;
  override trailingStop = false;
  override startupCandleCount = 50; // candles your longest indicator needs before it is valid
  override canShort = false;

  // Hyperoptable parameters: read .value in the hooks; `space` is inferred from buy_/sell_.
  buy_rsi = new IntParameter(10, 40, { default: 30 });
  sell_rsi = new IntParameter(60, 90, { default: 70 });
  sell_profit = new DecimalParameter(0.0, 0.05, { default: 0.01, decimals: 3, optimize: false });

  populateIndicators(df: DataFrame, _meta: PairMetadata): void {
    df.set('rsi', ta.rsi(df.get('close'), 14));
    df.set('tp', qtpylib.typicalPrice(df.get('high'), df.get('low'), df.get('close')));
  }

  populateEntryTrend(df: DataFrame, _meta: PairMetadata): void {
    // Freqtrade: df.loc[(qtpylib.crossed_below(df['rsi'], 30)) & (df['volume'] > 0), ['enter_long', 'enter_tag']] = (1, 'rsi')
    const cond = df.get('rsi').crossedBelow(this.buy_rsi.value).and(df.get('volume').gt(0));
    df.assignWhere(cond, { enter_long: 1, enter_tag: 'rsi_low' });
  }

  populateExitTrend(df: DataFrame, _meta: PairMetadata): void {
    df.assignWhere(df.get('rsi').crossedAbove(this.sell_rsi.value), { exit_long: 1, exit_tag: 'rsi_high' });
  }
}
