/**
 * The emulator's virtual clock. It runs at wall-clock speed from an offset that the admin
 * endpoint `POST /_emulator/clock` can move forward. Key TTLs, confirmation TTLs, token expiry
 * and stats timestamps all read this clock, so tests can jump 30 days without waiting.
 */
export class VirtualClock {
    private offsetMs: number;
    private readonly onChange: (offsetMs: number) => void;

    constructor(initialOffsetMs = 0, onChange: (offsetMs: number) => void = () => undefined) {
        this.offsetMs = initialOffsetMs;
        this.onChange = onChange;
    }

    /** Current virtual time, epoch milliseconds. */
    nowMs(): number {
        return Date.now() + this.offsetMs;
    }

    /** Difference between virtual and wall-clock time, milliseconds. */
    getOffsetMs(): number {
        return this.offsetMs;
    }

    /** Moves the clock forward by `seconds` (must be >= 0). */
    advanceSeconds(seconds: number): void {
        if (!(seconds >= 0)) throw new RangeError("advanceSeconds must be >= 0");
        this.setOffset(this.offsetMs + Math.round(seconds * 1000));
    }

    /** Sets the virtual time to `nowMs`, which must not be earlier than the current virtual time. */
    setNowMs(nowMs: number): void {
        if (nowMs < this.nowMs()) throw new RangeError("the virtual clock cannot move backwards");
        this.setOffset(nowMs - Date.now());
    }

    /** Back to wall-clock time (used by POST /_emulator/reset). */
    reset(): void {
        this.setOffset(0);
    }

    private setOffset(offsetMs: number): void {
        this.offsetMs = offsetMs;
        this.onChange(offsetMs);
    }
}
