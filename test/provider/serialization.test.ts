/**
 * The provider as Pulumi stores it: serialized with the SDK's own closure serializer (what
 * dynamic.Resource does for `__provider`), reloaded from text the way the dynamic provider host
 * does (require-from-string), configured, and used against the emulator. Its text holds no
 * credential and stays small.
 */
import { expect } from "chai";
import * as path from "path";
import { DEMO_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";
import { providerShim, ProviderKind } from "../../provider/resources/shim";
import { configureConnection, resetConnection } from "../../provider/config";

// The SDK's serializer, as dynamic.Resource uses it (sdk/nodejs/dynamic/index.ts serializeProvider).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString = require("require-from-string");

/** Upper bound for one serialized provider; the real provider and client are far larger. */
const MAX_SERIALIZED_BYTES = 8 * 1024;

async function serialize(kind: ProviderKind): Promise<string> {
    const shim = providerShim(kind);
    const sf = await serializeFunction(() => shim, { allowSecrets: true });
    expect(sf.containsSecrets).to.equal(false);
    return sf.text as string;
}

/** Loads serialized provider text as the dynamic provider host does (cmd/dynamic-provider getProvider). */
function reload(text: string): any {
    return requireFromString(text, path.join(process.cwd(), "__provider.js")).handler();
}

describe("provider serialization (__provider)", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    const SECRET_ENV = { ANYPOINT_CLIENT_ID: DEMO_CREDENTIALS.clientId, ANYPOINT_CLIENT_SECRET: DEMO_CREDENTIALS.clientSecret };
    const saved: Record<string, string | undefined> = {};

    before(async () => {
        emulator = await startEmulator({ port: 0, auth: "strict" });
        for (const [k, v] of Object.entries(SECRET_ENV)) {
            saved[k] = process.env[k];
            process.env[k] = v;
        }
        // Credentials are configured in this process before serialization: none may be captured.
        configureConnection({
            "anypoint:baseUrl": emulator.url,
            "anypoint:organizationId": DEMO_CREDENTIALS.organizationId,
            "anypoint:environmentId": DEMO_CREDENTIALS.environmentId,
            "anypoint:clientSecret": DEMO_CREDENTIALS.clientSecret,
            "anypoint:clientId": DEMO_CREDENTIALS.clientId,
        });
    });

    after(async () => {
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
        resetConnection();
        await emulator?.close();
    });

    for (const kind of ["store", "partition", "key"] as const) {
        it(`${kind}: the text is small and contains no credential or settings`, async () => {
            const text = await serialize(kind);
            const bytes = Buffer.byteLength(text);
            console.log(`      serialized ${kind} provider: ${bytes} bytes`);
            expect(bytes).to.be.below(MAX_SERIALIZED_BYTES);
            for (const secret of [DEMO_CREDENTIALS.clientSecret, DEMO_CREDENTIALS.clientId, DEMO_CREDENTIALS.password, emulator.url]) {
                expect(text).to.not.include(secret);
            }
            // Nothing of the client or its HTTP library is copied in: the module is loaded at call time.
            expect(text).to.not.match(/require\("got"\)|ObjectStoreClient|zod/);
            expect(text).to.include(`"${kind}"`);
        });
    }

    it("reloads from text, is configured like the host does, and manages a store, partition and key", async () => {
        const config = new Map<string, string>([
            ["anypoint:baseUrl", emulator.url],
            ["anypoint:organizationId", DEMO_CREDENTIALS.organizationId],
            ["anypoint:environmentId", DEMO_CREDENTIALS.environmentId],
        ]);
        resetConnection(); // the reloaded provider must get its settings from configure() and env only
        const [store, partition, key] = await Promise.all(["store", "partition", "key"].map(async (k) => reload(await serialize(k as ProviderKind))));
        for (const p of [store, partition, key]) await p.configure({ config: { get: (k: string) => config.get(k), require: (k: string) => config.get(k)! } });

        const checked = await store.check({}, { storeId: "serialized", defaultTtlSeconds: 99_999_999 });
        expect(checked.inputs.defaultTtlSeconds).to.equal(2_592_000);
        const created = await store.create(checked.inputs);
        expect(created.id).to.equal("serialized");
        const p = await partition.create({ storeId: "serialized", partitionId: "p" });
        expect(p.outs.exists).to.equal(false);
        const k = await key.create({ storeId: "serialized", partitionId: "p", keyId: "k", stringValue: "v" });
        expect(k.outs).to.include({ valueType: "STRING", stringValue: "v" });
        const read = await store.read(created.id, created.outs);
        expect(read.props.defaultTtlSeconds).to.equal(2_592_000);
        await key.delete(k.id, k.outs);
        await partition.delete(p.id, p.outs);
        await store.delete(created.id, created.outs);
        expect((await store.read(created.id, created.outs)).id).to.equal("");
    });
});
