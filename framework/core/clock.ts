/**
 * Time for the engine. Backtests run on a simulated clock that the runner advances candle by
 * candle (timers fire in time order as it passes them); paper and live use the wall clock.
 * Everything that needs "now" or a delay takes a Clock, so the same code runs in every mode.
 */
export type TimerCallback = (firedAt: number) => void;

export interface Clock {
  /** Current time, epoch ms. */
  now(): number;
  /** Call `callback` once at time `at` (epoch ms); replaces a timer of the same name. */
  setTimer(name: string, at: number, callback: TimerCallback): void;
  cancelTimer(name: string): void;
}

interface Timer {
  name: string;
  at: number;
  seq: number;
  callback: TimerCallback;
}

export class SimClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly timers = new Map<string, Timer>();

  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimer(name: string, at: number, callback: TimerCallback): void {
    this.timers.set(name, { name, at, seq: this.seq++, callback });
  }

  cancelTimer(name: string): void {
    this.timers.delete(name);
  }

  /** Earliest pending timer time, or Infinity. */
  nextTimerAt(): number {
    let next = Infinity;
    for (const t of this.timers.values()) if (t.at < next) next = t.at;
    return next;
  }

  /**
   * Move time forward to `target`, firing due timers in (time, creation) order with the clock
   * set to each timer's time. Timers set by callbacks for times <= target fire in this call.
   */
  advanceTo(target: number): void {
    // The backtest loop calls this once per candle, usually with no timer pending: keep this
    // path tiny so V8 inlines it and allocates nothing.
    if (this.timers.size === 0 && target >= this.t) {
      this.t = target;
      return;
    }
    this.advanceWithTimers(target);
  }

  private advanceWithTimers(target: number): void {
    if (target < this.t) throw new Error(`SimClock cannot go back in time (${this.t} -> ${target})`);
    for (;;) {
      let due: Timer | undefined;
      for (const t of this.timers.values()) {
        if (t.at <= target && (!due || t.at < due.at || (t.at === due.at && t.seq < due.seq))) due = t;
      }
      if (!due) break;
      this.timers.delete(due.name);
      this.t = Math.max(this.t, due.at);
      due.callback(this.t);
    }
    this.t = target;
  }
}

export class LiveClock implements Clock {
  private readonly handles = new Map<string, NodeJS.Timeout>();

  now(): number {
    return Date.now();
  }

  setTimer(name: string, at: number, callback: TimerCallback): void {
    this.cancelTimer(name);
    const h = setTimeout(() => {
      this.handles.delete(name);
      callback(Date.now());
    }, Math.max(0, at - Date.now()));
    this.handles.set(name, h);
  }

  cancelTimer(name: string): void {
    const h = this.handles.get(name);
    if (h) clearTimeout(h);
    this.handles.delete(name);
  }
}
