/**
 * Pulumi property values on the wire (google.protobuf.Struct) to plain JavaScript and back, for a
 * provider that accepts neither secrets nor resource references (Handshake and Configure answer
 * acceptSecrets and acceptResources false): the engine sends plain values, with the unknown-value
 * sentinel string during preview (the core treats it as Pulumi's UNKNOWN, provider/resources/markers.ts),
 * and marks as secret every output (and every input Check or Read returns) whose input or recorded
 * value of the same name was secret, at any depth of objects (Pulumi's provider_plugin.go,
 * `annotateSecrets`): a Key's value, a KeyEntries entry's value. What the provider returns from Invoke
 * is kept as sent, secrets included, so the functions mark key values themselves ({@link secret}).
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { hasSecretSignature, SECRET_SIG_KEY, SECRET_SIG_VALUE } from "../resources/markers";

/** Whether the plain object `o` is a secret on the wire (`{<sig>: <secret sig>, value}`). */
export function isSecretOnWire(o: Record<string, unknown>): boolean {
    return hasSecretSignature(o);
}

/**
 * `v` with every secret wrapper (`{<sig>: <secret sig>, value}`) replaced by its value, at any depth.
 * The engine sends provider configuration (CheckConfig, Configure) with secrets kept; the outputs
 * are marked secret again by the engine from the secret inputs.
 */
export function unwrapSecrets(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(unwrapSecrets);
    if (v === null || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    if (isSecretOnWire(o)) return unwrapSecrets(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrapSecrets(x)]));
}

/** `v` as a Pulumi secret on the wire: the engine keeps it secret (an Invoke's return, a resource's output). A secret stays as it is. */
export function secret(v: unknown): Record<string, unknown> {
    if (hasSecretSignature(v)) return v;
    return { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value: v };
}

/** A Struct (or nothing) as a plain object, secrets unwrapped. */
export function fromStruct(s: Struct | undefined): Record<string, unknown> {
    return unwrapSecrets((s?.toJavaScript() as Record<string, unknown> | undefined) ?? {}) as Record<string, unknown>;
}

/** A plain object as a Struct; `undefined` members are left out (a Struct has no undefined). */
export function toStruct(o: object | undefined): Struct {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(o ?? {})) as Record<string, never>);
}
