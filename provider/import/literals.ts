/**
 * TypeScript source fragments for generated programs: string and number literals and comment
 * text that cannot break out of a `//` comment. Pure.
 */

/**
 * A TypeScript string literal for any JavaScript string: JSON escaping (quotes, backslashes,
 * control characters, lone surrogates), plus U+2028/U+2029, which end a line in a comment.
 */
export function tsString(s: string): string {
    return JSON.stringify(s)
        .replace(/\u2028/g, "\\u2028")
        .replace(/\u2029/g, "\\u2029");
}

/** A number literal; whole numbers of 5 digits or more get `_` separators (2_592_000). */
export function tsNumber(n: number): string {
    if (!Number.isFinite(n)) throw new TypeError(`cannot write ${String(n)} as a number literal`);
    if (Object.is(n, -0)) return "-0";
    if (Number.isSafeInteger(n) && Math.abs(n) >= 10_000) {
        const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, "_");
        return n < 0 ? `-${digits}` : digits;
    }
    return String(n);
}

/** Text safe inside a `//` comment: one line, printable, bounded (ids are shown as string literals). */
export function commentText(s: string, maxChars = 120): string {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
    const one = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ");
    return one.length > maxChars ? `${one.slice(0, maxChars - 1)}…` : one;
}

/** Indents every non-empty line of `text` by `spaces`. */
export function indent(text: string, spaces: number): string {
    const pad = " ".repeat(spaces);
    return text
        .split("\n")
        .map((line) => (line === "" ? line : pad + line))
        .join("\n");
}
