/** The one clock the engine reads. Tests pass a `TestClock` and move it instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class TestClock implements Clock {
  private current: number;
  constructor(start: Date = new Date()) {
    this.current = start.getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(time: Date): void {
    this.current = time.getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
