/** A clock tests move by hand. */
export class FakeClock {
  constructor(private current = Date.UTC(2026, 10, 22, 18, 0, 0)) {}

  readonly now = (): number => this.current;

  advance(ms: number): void {
    this.current += ms;
  }
}
