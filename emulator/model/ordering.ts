/**
 * Compares two strings by Unicode code point (equivalently, by UTF-8 bytes), the order SQLite's
 * BINARY collation uses. Plain `<` compares UTF-16 code units, which differs for characters above
 * U+FFFF versus U+E000..U+FFFF; this keeps the memory and SQLite backends in the same order.
 */
export function compareCodePoints(a: string, b: string): number {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
        let ca = a.charCodeAt(i);
        let cb = b.charCodeAt(i);
        if (ca === cb) continue;
        ca = ca >= 0xe000 ? ca - 0x800 : ca >= 0xd800 ? ca + 0x2000 : ca;
        cb = cb >= 0xe000 ? cb - 0x800 : cb >= 0xd800 ? cb + 0x2000 : cb;
        return ca - cb;
    }
    return a.length - b.length;
}
