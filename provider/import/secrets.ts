/**
 * Heuristics that tell whether an imported key's value looks like a secret. Pure.
 *
 * A value is treated as secret when its key (or partition) id names a secret ("password",
 * "clientSecret", "api_key", "token", …) or when the value itself has the shape of one: a PEM
 * block, a JWT, an `Authorization` header value, a URL or connection string with a password, a
 * well-known token prefix (AWS, GitHub, Slack, Stripe, Google), or a long random-looking string.
 * False positives are cheap (the value is only encrypted in state), false negatives are not, so
 * the rules lean towards "secret".
 */
import type { KeyValue } from "../client/types";

/** Words in an id that name a secret. Matched on word boundaries of camelCase, snake_case, kebab-case, dotted ids. */
const SECRET_WORDS = [
    "password",
    "passwd",
    "pwd",
    "pass",
    "passphrase",
    "secret",
    "secrets",
    "token",
    "tokens",
    "apikey",
    "credential",
    "credentials",
    "creds",
    "private",
    "privatekey",
    "auth",
    "authorization",
    "bearer",
    "jwt",
    "session",
    "cookie",
    "signature",
    "signing",
    "salt",
    "otp",
    "pin",
    "cert",
    "certificate",
    "keystore",
    "truststore",
    "pem",
    "ssn",
    "iban",
];

/** Word pairs that only name a secret together (`api key`, `access key`, `client secret`, `refresh token`). */
const SECRET_PAIRS = [
    ["api", "key"],
    ["access", "key"],
    ["secret", "key"],
    ["private", "key"],
    ["client", "secret"],
    ["refresh", "token"],
    ["access", "token"],
    ["card", "number"],
    ["conn", "string"],
    ["connection", "string"],
];

/** Lower-case words of an id: splits camelCase, digits and any punctuation. */
export function idWords(id: string): string[] {
    return id
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
        .toLowerCase()
        .split(/[^a-z0-9]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])/)
        .filter(Boolean);
}

/** Whether an id (key or partition) names a secret, e.g. `db.password`, `clientSecret`, `API_KEY`, `stripe-token`. */
export function idLooksSecret(id: string): boolean {
    const w = idWords(id);
    if (w.some((x) => SECRET_WORDS.includes(x))) return true;
    if (w.join("").match(/apikey|secretkey|privatekey|accesskey|clientsecret|passwd|password/)) return true;
    return SECRET_PAIRS.some(([a, b]) => w.some((x, i) => x === a && w[i + 1] === b));
}

const VALUE_PATTERNS: RegExp[] = [
    /-----BEGIN [A-Z0-9 ]*(PRIVATE KEY|CERTIFICATE|PGP)/, // PEM
    /^eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*$/, // JWT
    /^(Bearer|Basic|Token)\s+\S{8,}$/i, // Authorization header values
    /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, // URL with user:password@
    /(^|[;\s])(password|pwd|secret|accountkey|sharedaccesskey)\s*=\s*[^;\s]+/i, // connection strings
    /^(AKIA|ASIA)[0-9A-Z]{16}$/, // AWS access key id
    /^gh[pousr]_[A-Za-z0-9]{30,}$/, // GitHub tokens
    /^xox[abpr]-[A-Za-z0-9-]{10,}$/, // Slack tokens
    /^(sk|rk|pk)_(live|test)_[A-Za-z0-9]{10,}$/, // Stripe keys
    /^AIza[0-9A-Za-z_-]{35}$/, // Google API key
];

/** Shannon entropy of a string, in bits per character. */
export function entropyBitsPerChar(s: string): number {
    if (s.length === 0) return 0;
    const counts = new Map<string, number>();
    for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    let bits = 0;
    for (const n of counts.values()) {
        const p = n / s.length;
        bits -= p * Math.log2(p);
    }
    return bits;
}

/**
 * Whether a text value looks like a credential: a known shape (PEM, JWT, bearer, password in a URL
 * or connection string, provider token prefixes), or a single random-looking word of 20 to 512
 * token characters (base64, hex, URL-safe; ≥ 3.5 bits of entropy per character, letters and digits
 * mixed). JSON, prose and URLs are not "random-looking words".
 */
export function textLooksSecret(text: string): boolean {
    const t = text.trim();
    if (VALUE_PATTERNS.some((re) => re.test(t))) return true;
    if (t.length < 20 || t.length > 512 || !/^[A-Za-z0-9+/=_.~-]+$/.test(t)) return false; // one word of token characters
    if (!/[0-9]/.test(t) || !/[A-Za-z]/.test(t)) return false;
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t)) return false; // UUIDs are ids, not secrets
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) return false; // plain URLs
    return entropyBitsPerChar(t) >= 3.5;
}

/** Why a key's value is treated as secret, or undefined when it does not look secret. */
export function secretReason(partitionId: string, keyId: string, value: KeyValue): string | undefined {
    if (idLooksSecret(keyId)) return "key id names a secret";
    if (idLooksSecret(partitionId)) return "partition id names a secret";
    if (value.valueType === "STRING" && value.stringValue !== undefined && textLooksSecret(value.stringValue))
        return "value looks like a credential";
    if (value.valueType === "BINARY" && value.binaryValue !== undefined) {
        const bytes = Buffer.from(value.binaryValue, "base64");
        const head = bytes.subarray(0, 4096).toString("latin1");
        if (VALUE_PATTERNS[0].test(head)) return "value holds a PEM block";
        if (bytes.length >= 2 && bytes[0] === 0x30 && bytes[1] === 0x82) return "value looks like a DER key or certificate";
    }
    return undefined;
}
