/**
 * The plugin's property maps straight from and to the wire (provider/plugin/wire.ts): the bytes
 * google-protobuf's own Struct writes decode to the same plain values (fast-check; FC_SEED=<seed>
 * replays), what the plugin writes reads back through google-protobuf as it was given, secrets are
 * unwrapped at any depth, undefined and non-finite numbers go as JSON takes them, the Struct field
 * numbers agree with the generated message classes of every request and response handled, and a
 * request's Struct field is decoded only when read, once.
 */
import { expect } from "chai";
import fc from "fast-check";
import type { Message } from "google-protobuf";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import {
    STRUCT_FIELDS,
    decodeStruct,
    encodeStruct,
    lazyStructOf,
    resourceProviderService,
    setStruct,
    structOf,
} from "../../../provider/plugin/wire";

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

/** Property maps as the engine sends them: JSON objects (numbers are doubles; -0 is JSON's 0). */
const propertyMap = fc
    .dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 8 })
    .map((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>);

const viaProtobuf = (o: object) => Struct.fromJavaScript(o as Record<string, never>).serializeBinary();
const readByProtobuf = (bytes: Uint8Array) => Struct.deserializeBinary(bytes).toJavaScript();

const capitalized = (s: string) => s[0].toUpperCase() + s.slice(1);
type Accessors = Record<string, (v?: unknown) => unknown>;

describe("plugin wire: property maps without protobuf Struct objects", () => {
    it(`decodes what google-protobuf's Struct writes, and writes what it reads back the same (seed ${SEED})`, () => {
        // google-protobuf's Struct loses a key named __proto__ both ways (it assigns it); ./wire keeps it (next test).
        const comparable = propertyMap.filter((o) => !JSON.stringify(o).includes('"__proto__"'));
        fc.assert(
            fc.property(comparable, (o) => {
                expect(decodeStruct(viaProtobuf(o))).to.deep.equal(o);
                expect(readByProtobuf(encodeStruct(o))).to.deep.equal(o);
            }),
            { seed: SEED, numRuns: 300 },
        );
    });

    it(`reads back what it writes, a key named __proto__ included as an own key (seed ${SEED})`, () => {
        fc.assert(
            fc.property(propertyMap, (o) => {
                expect(decodeStruct(encodeStruct(o))).to.deep.equal(o);
            }),
            { seed: SEED, numRuns: 300 },
        );
        const decoded = decodeStruct(encodeStruct(JSON.parse('{"entries": {"__proto__": "a key id"}}') as object));
        expect(Object.keys(decoded.entries as object)).to.deep.equal(["__proto__"]);
        expect(Object.getPrototypeOf(decoded.entries)).to.equal(Object.prototype);
    });

    it("unwraps secrets at any depth, as the engine sends them to a provider that accepts none", () => {
        const wire = {
            token: { ...SECRET, value: "s3cret" },
            entries: { a: { stringValue: { ...SECRET, value: "x" } }, b: "plain" },
            list: [{ ...SECRET, value: 1 }, 2],
        };
        expect(decodeStruct(viaProtobuf(wire))).to.deep.equal({
            token: "s3cret",
            entries: { a: { stringValue: "x" }, b: "plain" },
            list: [1, 2],
        });
    });

    it("leaves out undefined members and writes non-finite numbers as null, as JSON does", () => {
        const bytes = encodeStruct({ a: undefined, b: NaN, c: [undefined, Infinity], d: { e: undefined, f: 1 }, g: new Date(0) });
        expect(readByProtobuf(bytes)).to.deep.equal({ b: null, c: [null, null], d: { f: 1 }, g: "1970-01-01T00:00:00.000Z" });
    });

    it("every request's Struct fields come from their field numbers; the other fields from the generated class", () => {
        const service = resourceProviderService();
        const methods: Record<string, keyof typeof service> = {
            CheckRequest: "check",
            DiffRequest: "diff",
            CreateRequest: "create",
            ReadRequest: "read",
            UpdateRequest: "update",
            DeleteRequest: "delete",
            InvokeRequest: "invoke",
        };
        for (const [name, method] of Object.entries(methods)) {
            const fields = Object.keys(STRUCT_FIELDS[name as keyof typeof STRUCT_FIELDS]);
            const req = new (proto as unknown as Record<string, new () => Message>)[name]() as Message & Accessors;
            fields.forEach((f, i) => req[`set${capitalized(f)}`](Struct.fromJavaScript({ field: f, i })));
            if ("setUrn" in req) req.setUrn("urn:pulumi:s::p::anypoint:objectstore:Store::x");
            else req.setTok("anypoint:objectstore:getStores");
            const decoded = service[method].requestDeserialize(Buffer.from(req.serializeBinary())) as Message & Accessors;
            fields.forEach((f, i) => expect(structOf(decoded, f as never), `${name}.${f}`).to.deep.equal({ field: f, i }));
            for (const f of fields) expect(() => decoded[`get${capitalized(f)}`](), `${name}.get${capitalized(f)}()`).to.throw(/structOf/);
            expect("setUrn" in req ? decoded.getUrn() : decoded.getTok(), `${name}'s other fields`).to.equal(
                "setUrn" in req ? "urn:pulumi:s::p::anypoint:objectstore:Store::x" : "anypoint:objectstore:getStores",
            );
        }
    });

    it("every response's Struct fields are written with their field numbers, after the generated class's fields", () => {
        const service = resourceProviderService();
        const methods: Record<string, keyof typeof service> = {
            CheckResponse: "check",
            CreateResponse: "create",
            ReadResponse: "read",
            UpdateResponse: "update",
            InvokeResponse: "invoke",
        };
        for (const [name, method] of Object.entries(methods)) {
            const cls = (proto as unknown as Record<string, { new (): Message; deserializeBinary(b: Uint8Array): Message }>)[name];
            const res = new cls() as Message & Accessors;
            const fields = Object.keys(STRUCT_FIELDS[name as keyof typeof STRUCT_FIELDS]);
            fields.forEach((f, i) => setStruct(res, f as never, { field: f, i, entries: { k: "v" } }));
            if ("setId" in res) res.setId("the-id");
            const read = cls.deserializeBinary(service[method].responseSerialize(res)) as Message & Accessors;
            for (const [i, f] of fields.entries()) {
                expect((read[`get${capitalized(f)}`]() as Struct).toJavaScript(), `${name}.${f}`).to.deep.equal({
                    field: f,
                    i,
                    entries: { k: "v" },
                });
            }
            if ("setId" in res) expect(read.getId(), `${name}.id`).to.equal("the-id");
        }
    });

    it("a request's Struct field is decoded when read, once: one the call never reads is never decoded", () => {
        const req = new proto.DiffRequest();
        req.setUrn("urn:pulumi:s::p::anypoint:objectstore:KeyEntries::seed");
        req.setNews(Struct.fromJavaScript({ entries: { a: "1" } }));
        // old_inputs (field 6) holding bytes that are no Struct: decoding it would fail.
        const bytes = Buffer.concat([Buffer.from(req.serializeBinary()), Buffer.from([(6 << 3) | 2, 3, 0x0a, 0x05, 0x01])]);
        const decoded = resourceProviderService().diff.requestDeserialize(bytes) as proto.DiffRequest;
        const news = structOf(decoded, "news");
        expect(news).to.deep.equal({ entries: { a: "1" } });
        expect(structOf(decoded, "news"), "decoded once").to.equal(news);
        expect(structOf(decoded, "olds"), "not sent").to.deep.equal({});
        expect(() => structOf(decoded, "oldInputs")).to.throw();
    });

    it("lazyStructOf decodes on first use and then is the decoded object; unused, it decodes nothing", () => {
        const req = new proto.CheckRequest();
        req.setUrn("urn:pulumi:s::p::anypoint:objectstore:KeyEntries::seed");
        req.setOlds(Struct.fromJavaScript({ entries: { a: "1" }, storeId: "s" }));
        const bytes = Buffer.from(req.serializeBinary());
        const decoded = () => resourceProviderService().check.requestDeserialize(bytes) as proto.CheckRequest;
        const olds = lazyStructOf(decoded(), "olds");
        expect(olds.storeId).to.equal("s");
        expect(Object.keys(olds)).to.deep.equal(["entries", "storeId"]);
        expect({ ...olds }).to.deep.equal({ entries: { a: "1" }, storeId: "s" });
        expect("entries" in olds).to.equal(true);
        // Bytes that are no Struct: creating the lazy object does not decode them; reading does.
        const broken = Buffer.concat([Buffer.from(req.serializeBinary()), Buffer.from([(3 << 3) | 2, 3, 0x0a, 0x05, 0x01])]);
        const news = lazyStructOf(resourceProviderService().check.requestDeserialize(broken) as proto.CheckRequest, "news");
        expect(() => Object.keys(news)).to.throw();
    });
});
