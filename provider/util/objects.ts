/**
 * Small pure helpers on plain objects, shared by the client, the settings, the lookups and the
 * resources (this module imports nothing, so any layer may use it).
 */

/** Options of {@link compact}. */
export interface CompactOptions {
    /** Keep members whose value is `null` (e.g. a request body where `null` clears a setting). Default false. */
    keepNull?: boolean;
}

/**
 * A shallow copy of `obj` without its `undefined` members (and `null` ones unless `keepNull`), so
 * unset optional fields are neither sent, nor diffed, nor returned.
 */
export function compact<T extends object>(obj: T, options: CompactOptions = {}): Partial<T> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
        if (v === undefined || (v === null && !options.keepNull)) continue;
        out[k] = v;
    }
    return out as Partial<T>;
}
