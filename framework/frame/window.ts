/**
 * The objects returned by `Series.rolling(n)` and `Series.ewm(...)`: they hold only the
 * input and the parameters; each aggregation runs one O(n) kernel into one new array.
 */
import { ewmMean, ewmCom, type EwmOptions } from './kernels/ewm.ts';
import { rollingMax, rollingMean, rollingMin, rollingStd, rollingSum } from './kernels/rolling.ts';
import { checkWindow } from './kernels/out.ts';
import { Series } from './series.ts';

export interface RollingOptions {
  /** Non-NaN values a window needs for a result (pandas `min_periods`); default: the window. */
  minPeriods?: number;
}

export class Rolling {
  private readonly minPeriods: number;

  constructor(
    private readonly x: Float64Array,
    private readonly window: number,
    options: RollingOptions,
  ) {
    this.minPeriods = options.minPeriods ?? window;
    checkWindow('rolling', window, this.minPeriods); // fail at rolling(), not at .mean()
  }

  mean(): Series {
    return new Series(rollingMean(this.x, this.window, this.minPeriods));
  }

  sum(): Series {
    return new Series(rollingSum(this.x, this.window, this.minPeriods));
  }

  /** Sample std (ddof 1) like pandas; pass 0 for TA-Lib's population std. */
  std(ddof = 1): Series {
    return new Series(rollingStd(this.x, this.window, ddof, this.minPeriods));
  }

  min(): Series {
    return new Series(rollingMin(this.x, this.window, this.minPeriods));
  }

  max(): Series {
    return new Series(rollingMax(this.x, this.window, this.minPeriods));
  }
}

export type EwmSpec = EwmOptions;

export class Ewm {
  constructor(
    private readonly x: Float64Array,
    private readonly spec: EwmSpec,
  ) {
    ewmCom(spec); // validate now, so the error points at the ewm() call
  }

  mean(): Series {
    return new Series(ewmMean(this.x, this.spec));
  }
}
