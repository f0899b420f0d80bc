/** The frame's numeric kernels: plain functions over Float64Array, usable without a DataFrame. */
export { rollingSum, rollingMean, rollingStd, rollingMax, rollingMin } from './rolling.ts';
export { ewmMean, ewmCom } from './ewm.ts';
export type { EwmOptions } from './ewm.ts';
export { shift, diff, pctChange } from './shift.ts';
export { maskRows } from './mask.ts';
