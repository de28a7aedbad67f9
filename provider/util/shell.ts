/** Quotes a word for a POSIX shell when needed (ids in suggested and printed commands). Pure. */
export function shellWord(s: string): string {
    return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
