/**
 * Progress of a long read on stderr. On a terminal one line is rewritten in place (at most 10
 * times a second); otherwise (CI logs, pipes) a line is printed at each phase change and at most
 * every 5 seconds. Lines hold counts only, never ids or values.
 */
import type { ReadProgress } from "./reader";

/** Formats a progress line. Pure. */
export function progressLine(p: ReadProgress, elapsedMs: number): string {
    const seconds = elapsedMs / 1000;
    const parts = [`stores ${p.stores}`];
    if (p.phase !== "stores") parts.push(`partitions ${p.partitions}`);
    if (p.phase === "keys" || p.phase === "values" || (p.phase === "done" && p.keysListed > 0)) parts.push(`keys ${p.keysListed}`);
    if (p.phase === "values" || (p.phase === "done" && p.valuesRead > 0)) parts.push(`values ${p.valuesRead}/${p.keysListed}`);
    if (p.vanished > 0) parts.push(`vanished ${p.vanished}`);
    const rate = seconds > 0 ? ` ${(p.calls / seconds).toFixed(1)} calls/s` : "";
    return `reading ${p.phase === "done" ? "done" : p.phase}: ${parts.join(", ")} (${p.calls} calls, ${seconds.toFixed(1)} s${rate})`;
}

/** A progress sink for {@link readEstate}'s `onProgress`, writing to a stream (stderr). */
export function progressReporter(
    stream: NodeJS.WriteStream,
    clock: () => number = Date.now,
): { onProgress: (p: ReadProgress) => void; finish(): void } {
    const started = clock();
    const tty = stream.isTTY === true;
    let lastPhase = "";
    let lastAt = 0;
    let pending = false;
    return {
        onProgress(p) {
            const now = clock();
            const phaseChanged = p.phase !== lastPhase;
            if (tty) {
                if (!phaseChanged && now - lastAt < 100 && p.phase !== "done") return;
                stream.write(`\r\x1b[K${progressLine(p, now - started)}`);
                pending = true;
            } else {
                if (!phaseChanged && now - lastAt < 5_000) return;
                stream.write(`${progressLine(p, now - started)}\n`);
            }
            lastPhase = p.phase;
            lastAt = now;
        },
        finish() {
            if (tty && pending) stream.write("\n");
            pending = false;
        },
    };
}
