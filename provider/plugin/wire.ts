/**
 * The plugin's ResourceProvider messages with their property maps (google.protobuf.Struct fields:
 * a resource's inputs, outputs, olds, news) as plain JavaScript, straight from and to the wire bytes,
 * so that a call holds the entries of a 10,000-entry KeyEntries once:
 * - a request's Struct fields are kept as views of the request's bytes and decoded on first use,
 *   each once ({@link structOf}), directly into plain objects with secrets unwrapped (./properties):
 *   no protobuf Struct/Value objects, no second plain copy; a field the call never reads (a Diff's
 *   old inputs) is never decoded. Every other field is decoded by the generated message class;
 * - a response's Struct fields are given as plain objects ({@link setStruct}) and written straight
 *   into the response's bytes after the fields the generated class writes.
 * {@link resourceProviderService} is Pulumi's generated ResourceProvider service definition with
 * these (de)serializers for the calls that carry property maps; the rest is unchanged.
 *
 * Wire format: google/protobuf/struct.proto (Struct: map<string, Value> fields = 1; Value: oneof
 * null_value = 1, number_value = 2, string_value = 3, bool_value = 4, struct_value = 5, list_value
 * = 6; ListValue: repeated Value values = 1), read and written with google-protobuf's BinaryReader and
 * BinaryWriter; field numbers of pulumi/provider.proto below (test/unit/plugin/wire.test.ts checks
 * them against the generated classes).
 */
import type * as grpc from "@grpc/grpc-js";
import { BinaryReader, BinaryWriter, type Message } from "google-protobuf";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { isSecretOnWire } from "./properties";

/** A decoded Value; `readValue` with a reader positioned on a Value message's first field. */
function readValue(reader: BinaryReader): unknown {
    let value: unknown = null;
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        switch (reader.getFieldNumber()) {
            case 1:
                reader.readEnum();
                value = null;
                break;
            case 2:
                value = reader.readDouble();
                break;
            case 3:
                value = reader.readString();
                break;
            case 4:
                value = reader.readBool();
                break;
            case 5:
                value = readNested(reader, readStructFields);
                break;
            case 6:
                value = readNested(reader, readListValues);
                break;
            default:
                reader.skipField();
        }
    }
    return value;
}

/** Reads the embedded message at the reader's field with `read` (its fields, up to its end). */
function readNested<T>(reader: BinaryReader, read: (r: BinaryReader) => T): T {
    let out!: T;
    reader.readMessage(undefined, (_msg: unknown, r: BinaryReader) => {
        out = read(r);
    });
    return out;
}

/** A Struct's fields as a plain object; a Pulumi secret (`{<sig>: <secret sig>, value}`) as its value. */
function readStructFields(reader: BinaryReader): unknown {
    const out: Record<string, unknown> = {};
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        if (reader.getFieldNumber() !== 1) {
            reader.skipField();
            continue;
        }
        let key = "";
        let value: unknown = null;
        reader.readMessage(undefined, (_msg: unknown, entry: BinaryReader) => {
            while (entry.nextField()) {
                if (entry.isEndGroup()) break;
                if (entry.getFieldNumber() === 1) key = entry.readString();
                else if (entry.getFieldNumber() === 2) value = readNested(entry, readValue);
                else entry.skipField();
            }
        });
        out[key] = value;
    }
    return isSecretOnWire(out) ? out.value : out;
}

function readListValues(reader: BinaryReader): unknown[] {
    const out: unknown[] = [];
    while (reader.nextField()) {
        if (reader.isEndGroup()) break;
        if (reader.getFieldNumber() === 1) out.push(readNested(reader, readValue));
        else reader.skipField();
    }
    return out;
}

/** The bytes of a google.protobuf.Struct as a plain object, secrets unwrapped. */
export function decodeStruct(bytes: Uint8Array): Record<string, unknown> {
    const decoded = readStructFields(new BinaryReader(bytes));
    return decoded !== null && typeof decoded === "object" && !Array.isArray(decoded) ? (decoded as Record<string, unknown>) : {};
}

/** A value as JSON would give it (`toJSON`, non-finite numbers as null); undefined for what JSON leaves out. */
function jsonValue(v: unknown): unknown {
    if (v !== null && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function") {
        return (v as { toJSON(): unknown }).toJSON();
    }
    if (typeof v === "number" && !Number.isFinite(v)) return null;
    if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") return undefined;
    return v;
}

/** Stands for null where BinaryWriter.writeMessage would skip a null value. */
const NULL = Symbol("null");

function writeValue(raw: unknown, writer: BinaryWriter): void {
    const v = raw === NULL ? null : jsonValue(raw);
    if (v === null || v === undefined) writer.writeEnum(1, 0);
    else if (typeof v === "number") writer.writeDouble(2, v);
    else if (typeof v === "string") writer.writeString(3, v);
    else if (typeof v === "boolean") writer.writeBool(4, v);
    else if (Array.isArray(v)) writer.writeMessage(6, v, writeListValues);
    else writer.writeMessage(5, v, writeStructFields);
}

function writeStructFields(o: Record<string, unknown>, writer: BinaryWriter): void {
    for (const key of Object.keys(o)) {
        const v = jsonValue(o[key]);
        if (v === undefined) continue; // a Struct has no undefined (as JSON leaves it out)
        writer.writeMessage(1, key, (k: string, entry: BinaryWriter) => {
            entry.writeString(1, k);
            entry.writeMessage(2, v === null ? NULL : v, writeValue);
        });
    }
}

function writeListValues(values: unknown[], writer: BinaryWriter): void {
    for (const v of values) writer.writeMessage(1, v ?? NULL, writeValue);
}

/** A plain object as the bytes of a google.protobuf.Struct (`undefined` members left out, as JSON does). */
export function encodeStruct(o: object): Uint8Array {
    const writer = new BinaryWriter();
    writeStructFields(o as Record<string, unknown>, writer);
    return writer.getResultBuffer();
}

/** Field numbers of the Struct fields of the messages decoded or encoded here (pulumi/provider.proto). */
export const STRUCT_FIELDS = {
    CheckRequest: { olds: 2, news: 3 },
    DiffRequest: { olds: 3, news: 4, oldInputs: 6 },
    CreateRequest: { properties: 2 },
    ReadRequest: { properties: 3, inputs: 4 },
    UpdateRequest: { olds: 3, news: 4, oldInputs: 8 },
    DeleteRequest: { properties: 3, oldInputs: 5 },
    InvokeRequest: { args: 2 },
    CheckResponse: { inputs: 1 },
    CreateResponse: { properties: 2 },
    ReadResponse: { properties: 2, inputs: 3 },
    UpdateResponse: { properties: 1 },
    InvokeResponse: { return: 1 },
} as const;

type Fields = typeof STRUCT_FIELDS;
type RequestName = "CheckRequest" | "DiffRequest" | "CreateRequest" | "ReadRequest" | "UpdateRequest" | "DeleteRequest" | "InvokeRequest";
type ResponseName = "CheckResponse" | "CreateResponse" | "ReadResponse" | "UpdateResponse" | "InvokeResponse";

/** The Struct fields of a request: their bytes until first read, then the plain object. */
const LAZY = Symbol("anypoint.lazyStructs");
/** The Struct fields of a response, as plain objects, written after the message's own fields. */
const PLAIN = Symbol("anypoint.plainStructs");

type LazyStructs = Map<string, Uint8Array | Record<string, unknown>>;
/** The names of the Struct fields of the requests, and of the responses, handled here. */
type RequestStruct = { [N in RequestName]: keyof Fields[N] }[RequestName];
type ResponseStruct = { [N in ResponseName]: keyof Fields[N] }[ResponseName];

/**
 * The Struct field `name` of a request decoded by {@link resourceProviderService}, as a plain object
 * (secrets unwrapped), decoded on the first call and kept for the next ones; `{}` when the engine
 * did not send it.
 * @throws Error when `req` did not come through these deserializers (a bug in the plugin).
 */
export function structOf(req: Message, name: RequestStruct): Record<string, unknown> {
    const lazy = (req as unknown as { [LAZY]?: LazyStructs })[LAZY];
    if (!lazy) throw new Error(`${req.constructor.name} was not decoded by provider/plugin/wire.ts`);
    const held = lazy.get(name);
    if (held === undefined) return {};
    if (!(held instanceof Uint8Array)) return held;
    const decoded = decodeStruct(held);
    lazy.set(name, decoded); // the view of the request's bytes is dropped
    return decoded;
}

/** Sets the Struct field `name` of a response to the plain object `value` (written by the serializer). */
export function setStruct(res: Message, name: ResponseStruct, value: object): void {
    const target = res as unknown as { [PLAIN]?: Map<string, object> };
    if (!target[PLAIN]) Object.defineProperty(target, PLAIN, { value: new Map(), enumerable: false });
    target[PLAIN]!.set(name, value);
}

/** Decodes a request: Struct fields kept as views of `bytes`, the other fields by the generated class. */
function lazyDeserializer<N extends RequestName>(name: N): (bytes: Buffer) => Message {
    const fields = STRUCT_FIELDS[name] as Record<string, number>;
    const byNumber = new Map(Object.entries(fields).map(([k, n]) => [n, k]));
    const cls = proto[name] as unknown as { deserializeBinary(b: Uint8Array): Message };
    return (buffer) => {
        const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
        const reader = new BinaryReader(bytes);
        const lazy: LazyStructs = new Map();
        const rest: Uint8Array[] = [];
        while (reader.nextField()) {
            if (reader.isEndGroup()) break;
            const start = reader.getFieldCursor();
            const structName = byNumber.get(reader.getFieldNumber());
            if (structName !== undefined && reader.getWireType() === 2) lazy.set(structName, reader.readBytes());
            else {
                reader.skipField();
                rest.push(bytes.subarray(start, reader.getCursor()));
            }
        }
        const message = cls.deserializeBinary(Buffer.concat(rest));
        Object.defineProperty(message, LAZY, { value: lazy, enumerable: false });
        return message;
    };
}

/** Serializes a response: the generated class's fields, then each Struct field set by {@link setStruct}. */
function plainSerializer<N extends ResponseName>(name: N): (res: Message) => Buffer {
    const fields = STRUCT_FIELDS[name] as Record<string, number>;
    return (res) => {
        const writer = new BinaryWriter();
        const own = res.serializeBinary();
        writer.writeSerializedMessage(own, 0, own.length);
        for (const [field, value] of (res as unknown as { [PLAIN]?: Map<string, object> })[PLAIN] ?? []) {
            if (fields[field] === undefined) throw new Error(`${name} has no Struct field '${field}'`);
            writer.writeMessage(fields[field], value, writeStructFields);
        }
        const out = writer.getResultBuffer();
        return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    };
}

type MethodDefinition = grpc.MethodDefinition<unknown, unknown>;

/**
 * Pulumi's ResourceProvider service definition with the property maps of Check, Diff, Create, Read,
 * Update, Delete and Invoke decoded and encoded here (see the module comment).
 */
export function resourceProviderService(): grpc.ServiceDefinition {
    const base = provrpc.ResourceProviderService as unknown as Record<string, MethodDefinition>;
    const method = (key: string, request?: RequestName, response?: ResponseName): MethodDefinition => ({
        ...base[key],
        ...(request && { requestDeserialize: lazyDeserializer(request) }),
        ...(response && { responseSerialize: plainSerializer(response) as (v: unknown) => Buffer }),
    });
    return {
        ...base,
        check: method("check", "CheckRequest", "CheckResponse"),
        diff: method("diff", "DiffRequest"),
        create: method("create", "CreateRequest", "CreateResponse"),
        read: method("read", "ReadRequest", "ReadResponse"),
        update: method("update", "UpdateRequest", "UpdateResponse"),
        delete: method("delete", "DeleteRequest"),
        invoke: method("invoke", "InvokeRequest", "InvokeResponse"),
    } as grpc.ServiceDefinition;
}
