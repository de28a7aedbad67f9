/**
 * The provider as Pulumi stores it (`__provider`, twice per resource: in inputs and outputs):
 * providerText(kind), the text every resource of this package stores (ObjectStoreResource): at most
 * 1 KB, no absolute path of this machine, no credential or setting. It is reloaded from text the way
 * the dynamic provider host does (require-from-string), configured, and used against the emulator.
 */
import { expect } from "chai";
import * as os from "os";
import * as path from "path";
import { DEMO_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";
import { providerText, ProviderKind } from "../../provider/dynamic/shim";
import { configureConnection, resetConnection } from "../../provider/config";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString = require("require-from-string");

/** The issue 11 target for one stored provider text. */
const MAX_PROVIDER_TEXT_BYTES = 1024;
const KINDS = ["store", "partition", "key", "keyEntries"] as const;

/** Loads provider text as the dynamic provider host does (cmd/dynamic-provider getProvider: no file name). */
function reload(text: string): any {
    return requireFromString(text).handler();
}

/** Absolute paths of this machine that must never be stored. */
function machinePaths(): string[] {
    const repo = path.resolve(__dirname, "..", "..", "..");
    return [repo, process.cwd(), os.homedir(), os.tmpdir(), __dirname].filter((p) => p.length > 1);
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

    function expectNothingCaptured(text: string, kind: string): void {
        for (const secret of [DEMO_CREDENTIALS.clientSecret, DEMO_CREDENTIALS.clientId, DEMO_CREDENTIALS.password, emulator.url]) {
            expect(text).to.not.include(secret);
        }
        for (const p of machinePaths()) expect(text, `absolute path ${p}`).to.not.include(p);
        // Nothing of the client or its HTTP library is copied in: the module is loaded at call time.
        expect(text).to.not.match(/require\("got"\)|ObjectStoreClient|zod/);
        expect(text).to.include(`"${kind}"`);
    }

    for (const kind of KINDS) {
        it(`${kind}: the provider text is at most 1 KB, with no absolute path, credential or setting`, () => {
            const text = providerText(kind);
            const bytes = Buffer.byteLength(text);
            console.log(`      provider text ${kind}: ${bytes} bytes`);
            expect(bytes).to.be.at.most(MAX_PROVIDER_TEXT_BYTES);
            expectNothingCaptured(text, kind);
        });
    }

    {
        it(`provider text: reloads from text, is configured like the host does, and manages a store, partition, key and key entries`, async () => {
            const config = new Map<string, string>([
                ["anypoint:baseUrl", emulator.url],
                ["anypoint:organizationId", DEMO_CREDENTIALS.organizationId],
                ["anypoint:environmentId", DEMO_CREDENTIALS.environmentId],
            ]);
            resetConnection(); // the reloaded provider must get its settings from configure() and env only
            const [store, partition, key, entries] = KINDS.map((k: ProviderKind) => reload(providerText(k)));
            for (const p of [store, partition, key, entries])
                await p.configure({ config: { get: (k: string) => config.get(k), require: (k: string) => config.get(k)! } });

            const storeId = "serialized-text";
            const checked = await store.check({}, { storeId, defaultTtlSeconds: 99_999_999 });
            expect(checked.inputs.defaultTtlSeconds).to.equal(2_592_000);
            const created = await store.create(checked.inputs);
            expect(created.id).to.equal(storeId);
            const p = await partition.create({ storeId, partitionId: "p" });
            expect(p.outs.exists).to.equal(false);
            const k = await key.create({ storeId, partitionId: "p", keyId: "k", stringValue: "v" });
            expect(k.outs).to.include({ valueType: "STRING", stringValue: "v" });
            const e = await entries.create({ storeId, partitionId: "p", entries: { a: { stringValue: "x" }, b: { numberValue: 2 } } });
            expect(e.outs.entryCount).to.equal(2);
            const read = await store.read(created.id, created.outs);
            expect(read.props.defaultTtlSeconds).to.equal(2_592_000);
            await entries.delete(e.id, e.outs);
            await key.delete(k.id, k.outs);
            await partition.delete(p.id, p.outs);
            await store.delete(created.id, created.outs);
            expect((await store.read(created.id, created.outs)).id).to.equal("");
        });
    }
});
