/**
 * Pulumi property values on the wire (google.protobuf.Struct) to plain JavaScript and back, for a
 * provider that accepts neither secrets nor resource references (Configure answers acceptSecrets and
 * acceptResources false): the engine sends plain values, with the unknown-value sentinel string during
 * preview (the core treats it as Pulumi's UNKNOWN, provider/resources/common.ts), and marks as
 * secret every output whose input was secret.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** A Struct (or nothing) as a plain object. */
export function fromStruct(s: Struct | undefined): Record<string, unknown> {
    return (s?.toJavaScript() as Record<string, unknown> | undefined) ?? {};
}

/** A plain object as a Struct; `undefined` members are left out (a Struct has no undefined). */
export function toStruct(o: object | undefined): Struct {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(o ?? {})) as Record<string, never>);
}
