/**
 * A resource recorded through another Object Store endpoint than the one its provider's settings
 * reach now (a change of controlPlane or baseUrl), against two emulators over HTTP: updates and
 * deletes are refused before any request; a refresh through an endpoint that does not hold the
 * object keeps it (an error, not "gone"); a refresh through another address of the same service (a
 * proxy) finds it and records the new endpoint, after which nothing differs. Assertions on both
 * emulators' request journals.
 */
import { expect } from "chai";
import { DEMO_CREDENTIALS as D, startEmulator, type RunningEmulator } from "../../emulator";
import { clearClientCache, resolveConnectionSettings } from "../../provider/config";
import type { ProviderContext } from "../../provider/resources/context";
import { KeyProvider } from "../../provider/resources/key";
import { StoreProvider } from "../../provider/resources/store";
import { UpdatePlan } from "../../provider/resources/update-plan";

/** A provider instance reaching the Object Store at `baseUrl` with the demo app, in the Sandbox environment. */
function contextAt(baseUrl: string): ProviderContext {
    const settings = resolveConnectionSettings(
        { baseUrl, organizationId: D.organizationId, environmentId: D.environmentId, clientId: D.clientId, clientSecret: D.clientSecret },
        {},
    );
    return { settings: () => settings, door: "plugin", plan: new UpdatePlan() };
}

const failure = (p: Promise<unknown>) =>
    p.then(
        () => "",
        (e: Error) => e.message,
    );

describe("a resource recorded through another endpoint (controlPlane or baseUrl changed)", function () {
    this.timeout(30_000);
    let service: RunningEmulator;
    let other: RunningEmulator;
    /** Another address of `service` (as a proxy or another host name would be). */
    let alias: string;

    before(async () => {
        service = await startEmulator({ port: 0, auth: "strict", host: "0.0.0.0" });
        other = await startEmulator({ port: 0, auth: "strict" });
        alias = service.url.replace("127.0.0.1", "127.0.0.2");
    });

    after(async () => {
        clearClientCache();
        await service?.close();
        await other?.close();
    });

    it("update and delete are refused before any request; a refresh where the object is not found keeps it", async () => {
        const stores = new StoreProvider(contextAt(service.url));
        const keys = new KeyProvider(contextAt(service.url));
        const store = await stores.create({ storeId: "ep" });
        const key = await keys.create({ storeId: "ep", partitionId: "p", keyId: "k", stringValue: "v" });
        expect(store.outs.resolvedBaseUrl).to.equal(service.url);

        const elsewhere = { stores: new StoreProvider(contextAt(other.url)), keys: new KeyProvider(contextAt(other.url)) };
        const [seqService, seqOther] = [service.lastRequestSeq(), other.lastRequestSeq()];
        expect(await failure(elsewhere.stores.update("ep", store.outs, { storeId: "ep", defaultTtlSeconds: 60 }))).to.match(
            /^Store 'ep' was created through the Object Store endpoint http:\/\/127\.0\.0\.1:\d+, but the provider's settings \(controlPlane, baseUrl\) now reach http:\/\/127\.0\.0\.1:\d+\. The provider does not move objects/,
        );
        expect(await failure(elsewhere.keys.delete(key.id, key.outs))).to.match(
            /^Key 'p\/k' in store 'ep' was created through .*Pulumi did not delete it/,
        );
        expect(await failure(elsewhere.stores.delete("ep", store.outs))).to.match(/pulumi state delete <urn>/);
        expect(other.requests(seqOther).filter((r) => r.url.includes("/api/v1/"))).to.deep.equal([]);
        expect(service.requests(seqService)).to.deep.equal([]);

        const refresh = await failure(elsewhere.stores.read("ep", store.outs));
        expect(refresh).to.match(/^Store 'ep' was not found through http:\/\/127\.0\.0\.1:\d+.*Pulumi keeps it in the stack/);
        expect(await failure(elsewhere.keys.read(key.id, key.outs))).to.match(/Pulumi keeps it in the stack/);
        expect(
            other
                .requests(seqOther)
                .filter((r) => r.url.includes("/api/v1/"))
                .map((r) => r.method),
        ).to.deep.equal(["GET", "GET"]);
    });

    it("a refresh through another address of the same service finds the object and records it; then nothing differs", async () => {
        const viaAlias = contextAt(alias);
        const stores = new StoreProvider(contextAt(service.url));
        const store = await stores.create({ storeId: "ep-alias", defaultTtlSeconds: 120 });
        const aliased = new StoreProvider(viaAlias);
        const planned = await failure(aliased.diff("ep-alias", store.outs, { storeId: "ep-alias", defaultTtlSeconds: 120 }));
        expect(planned).to.match(/or, if the new endpoint reaches the same objects .* run `pulumi refresh --run-program` once/);

        const read = await aliased.read("ep-alias", store.outs);
        expect(read.props?.resolvedBaseUrl).to.equal(alias);
        const d = await aliased.diff("ep-alias", read.props as never, { storeId: "ep-alias", defaultTtlSeconds: 120 });
        expect(d).to.deep.include({ changes: false, replaces: [] });
        await aliased.delete("ep-alias", read.props as never);
        expect((await stores.read("ep-alias", store.outs)).id).to.equal("");
    });
});
