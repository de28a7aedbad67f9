/**
 * How messages render what they quote: a value (bounded, never a secret's), a duration, an abridged
 * id, a string's UTF-8 size. Pure.
 */
/** Byte length of a string in UTF-8. */
export function utf8Bytes(s: string): number {
    return Buffer.byteLength(s, "utf8");
}

/** Formats a number of seconds as a short human duration for messages ("45 days", "90 s"). */
export function humanSeconds(seconds: number): string {
    if (seconds % 86_400 === 0) return `${seconds / 86_400} days`;
    if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
    return `${seconds} s`;
}

/** `s` cut to `max` characters with an ellipsis, for messages. */
export function abridge(s: string, max = 40): string {
    const chars = [...s];
    return chars.length > max ? chars.slice(0, max).join("") + "…" : s;
}

/** Input names whose values are never shown in messages (they may be secrets or megabytes long). */
const OPAQUE_VALUE_NAMES = /value|secret|password|token/i;

/**
 * Short description of an input value for error messages: its type and a bounded rendering
 * (60 characters). `NaN` and `Infinity` are named as such. For an input whose value may be a secret
 * or very large (pass its `property` name: stringValue, binaryValue, clientSecret, ...), only the
 * type and length are shown.
 */
export function describe(v: unknown, property = ""): string {
    if (v === undefined) return "nothing";
    if (v === null) return "null";
    if (typeof v === "number" && !Number.isFinite(v)) return `${v}`;
    if (OPAQUE_VALUE_NAMES.test(property)) {
        return typeof v === "string"
            ? `a string of ${v.length} characters (not shown)`
            : `${Array.isArray(v) ? "an array" : `a ${typeof v}`} (not shown)`;
    }
    if (typeof v === "number") return `number ${v}`;
    let text: string;
    try {
        text = JSON.stringify(v) ?? String(v);
    } catch {
        text = String(v);
    }
    return `${Array.isArray(v) ? "array" : typeof v} ${text.length > 60 ? text.slice(0, 60) + "…" : text}`;
}
