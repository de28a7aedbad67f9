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
 * = 6; ListValue: repeated Value values = 1), read and written with protobufjs's Reader and Writer
 * (strings straight from and into the buffers, nested lengths without copies); field numbers of
 * pulumi/provider.proto below (test/unit/plugin/wire.test.ts checks them against the generated
 * classes).
 */
import type * as grpc from "@grpc/grpc-js";
import type { Message } from "google-protobuf";
import { Reader, Writer } from "protobufjs/minimal";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { isSecretOnWire } from "./properties";

/** The length-delimited wire type, and the tags (field << 3 | wire type) of struct.proto's fields. */
const LEN = 2;
const TAG = {
    structField: 0x0a, // Struct.fields = 1 (a map entry), ListValue.values = 1, MapEntry.key = 1
    entryValue: 0x12, // MapEntry.value = 2
    nullValue: 0x08, // Value.null_value = 1 (enum)
    numberValue: 0x11, // Value.number_value = 2 (double)
    stringValue: 0x1a, // Value.string_value = 3
    boolValue: 0x20, // Value.bool_value = 4
    structValue: 0x2a, // Value.struct_value = 5
    listValue: 0x32, // Value.list_value = 6
} as const;

/** The Value message from the reader's position to `end`. */
function readValue(r: Reader, end: number): unknown {
    let value: unknown = null;
    while (r.pos < end) {
        const tag = r.uint32();
        if (tag === TAG.nullValue) {
            r.int32();
            value = null;
        } else if (tag === TAG.numberValue) value = r.double();
        else if (tag === TAG.stringValue) value = r.string();
        else if (tag === TAG.boolValue) value = r.bool();
        else if (tag === TAG.structValue) value = readStruct(r, r.uint32() + r.pos);
        else if (tag === TAG.listValue) value = readList(r, r.uint32() + r.pos);
        else r.skipType(tag & 7);
    }
    return value;
}

/** A Struct's fields as a plain object; a Pulumi secret (`{<sig>: <secret sig>, value}`) as its value. */
function readStruct(r: Reader, end: number): unknown {
    const out: Record<string, unknown> = {};
    while (r.pos < end) {
        const tag = r.uint32();
        if (tag !== TAG.structField) {
            r.skipType(tag & 7);
            continue;
        }
        const entryEnd = r.uint32() + r.pos;
        let key = "";
        let value: unknown = null;
        while (r.pos < entryEnd) {
            const t = r.uint32();
            if (t === TAG.structField) key = r.string();
            else if (t === TAG.entryValue) value = readValue(r, r.uint32() + r.pos);
            else r.skipType(t & 7);
        }
        // A key named __proto__ is an own property, as JSON.parse makes it (an assignment would set the prototype).
        if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        else out[key] = value;
    }
    return isSecretOnWire(out) ? out.value : out;
}

function readList(r: Reader, end: number): unknown[] {
    const out: unknown[] = [];
    while (r.pos < end) {
        const tag = r.uint32();
        if (tag === TAG.structField) out.push(readValue(r, r.uint32() + r.pos));
        else r.skipType(tag & 7);
    }
    return out;
}

/** The bytes of a google.protobuf.Struct as a plain object, secrets unwrapped. */
export function decodeStruct(bytes: Uint8Array): Record<string, unknown> {
    const r = Reader.create(bytes);
    const decoded = readStruct(r, r.len);
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

function writeValue(v: unknown, w: Writer): void {
    if (v === null || v === undefined) w.uint32(TAG.nullValue).int32(0);
    else if (typeof v === "number") w.uint32(TAG.numberValue).double(v);
    else if (typeof v === "string") w.uint32(TAG.stringValue).string(v);
    else if (typeof v === "boolean") w.uint32(TAG.boolValue).bool(v);
    else if (Array.isArray(v)) {
        w.uint32(TAG.listValue).fork();
        for (const x of v) {
            w.uint32(TAG.structField).fork();
            writeValue(jsonValue(x) ?? null, w); // JSON writes null for what it leaves out of an array
            w.ldelim();
        }
        w.ldelim();
    } else {
        w.uint32(TAG.structValue).fork();
        writeStructFields(v as Record<string, unknown>, w);
        w.ldelim();
    }
}

function writeStructFields(o: Record<string, unknown>, w: Writer): void {
    for (const key of Object.keys(o)) {
        const v = jsonValue(o[key]);
        if (v === undefined) continue; // a Struct has no undefined (as JSON leaves it out)
        w.uint32(TAG.structField).fork().uint32(TAG.structField).string(key).uint32(TAG.entryValue).fork();
        writeValue(v, w);
        w.ldelim().ldelim();
    }
}

/** A plain object as the bytes of a google.protobuf.Struct (`undefined` members left out, as JSON does). */
export function encodeStruct(o: object): Uint8Array {
    const w = Writer.create();
    writeStructFields(o as Record<string, unknown>, w);
    return w.finish();
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

/**
 * {@link structOf} for a provider method that may not read the field (Check's old inputs, which no
 * core check reads today): an object that decodes the field on its first use (any property read,
 * key listing or `in`) and then behaves as the decoded object.
 */
export function lazyStructOf(req: Message, name: RequestStruct): Record<string, unknown> {
    let decoded: Record<string, unknown> | undefined;
    const real = () => (decoded ??= structOf(req, name));
    return new Proxy({} as Record<string, unknown>, {
        get: (_t, key): unknown => Reflect.get(real(), key),
        has: (_t, key) => Reflect.has(real(), key),
        ownKeys: () => Reflect.ownKeys(real()),
        getOwnPropertyDescriptor: (_t, key) => Reflect.getOwnPropertyDescriptor(real(), key),
        set: (_t, key, value) => Reflect.set(real(), key, value),
        deleteProperty: (_t, key) => Reflect.deleteProperty(real(), key),
    });
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
    return (bytes) => {
        const r = Reader.create(bytes);
        const lazy: LazyStructs = new Map();
        const rest: Uint8Array[] = [];
        while (r.pos < r.len) {
            const start = r.pos;
            const tag = r.uint32();
            const structName = byNumber.get(tag >>> 3);
            if (structName !== undefined && (tag & 7) === LEN) {
                const length = r.uint32();
                lazy.set(structName, bytes.subarray(r.pos, r.pos + length));
                r.skip(length);
            } else {
                r.skipType(tag & 7);
                rest.push(bytes.subarray(start, r.pos));
            }
        }
        const message = cls.deserializeBinary(Buffer.concat(rest));
        Object.defineProperty(message, LAZY, { value: lazy, enumerable: false });
        // The generated getters of these fields would answer undefined: make a call to one fail loudly.
        for (const field of Object.keys(fields)) {
            const getter = `get${field[0].toUpperCase()}${field.slice(1)}`;
            Object.defineProperty(message, getter, {
                value: () => {
                    throw new Error(`${name}.${field} is decoded by provider/plugin/wire.ts: read it with structOf(req, "${field}")`);
                },
            });
        }
        return message;
    };
}

/** Serializes a response: the generated class's fields, then each Struct field set by {@link setStruct}. */
function plainSerializer<N extends ResponseName>(name: N): (res: Message) => Buffer {
    const fields = STRUCT_FIELDS[name] as Record<string, number>;
    return (res) => {
        const w = Writer.create();
        for (const [field, value] of (res as unknown as { [PLAIN]?: Map<string, object> })[PLAIN] ?? []) {
            if (fields[field] === undefined) throw new Error(`${name} has no Struct field '${field}'`);
            w.uint32((fields[field] << 3) | LEN).fork();
            writeStructFields(value as Record<string, unknown>, w);
            w.ldelim();
        }
        return Buffer.concat([res.serializeBinary(), w.finish()]);
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
