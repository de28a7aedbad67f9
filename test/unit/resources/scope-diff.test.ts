/**
 * Where an object lives, in every resource's diff (provider/resources/scope-diff.ts, scope-change.ts,
 * update-plan.ts): the core providers' check, diff and delete called with a provider context whose
 * settings the test changes, as the engine calls them in one stack operation. No request is sent
 * (the settings point at an unreachable endpoint; check, diff and a refused delete send nothing).
 */
import { expect } from "chai";
import { resolveConnectionSettings } from "../../../provider/config";
import type { ProviderContext } from "../../../provider/resources/context";
import { KeyProvider } from "../../../provider/resources/key";
import { KeyEntriesProvider } from "../../../provider/resources/key-entries";
import { PartitionProvider } from "../../../provider/resources/partition";
import { endpointChangedMessage, endpointOf, notFoundThroughEndpointMessage } from "../../../provider/resources/scope-change";
import { StoreProvider } from "../../../provider/resources/store";
import { UpdatePlan } from "../../../provider/resources/update-plan";
import { UNKNOWN } from "../../../provider/resources/markers";

const BASE = "http://127.0.0.1:9";
const SETTINGS: Record<string, string> = {
    baseUrl: BASE,
    organizationId: "org-a",
    environmentId: "env-a",
    clientId: "app",
    clientSecret: "secret-1",
};

/** A provider instance whose settings are `settings` (changed by the test between operations), with a fresh plan. */
function contextWith(settings: Record<string, string>, door: "plugin" | "dynamic" = "plugin"): ProviderContext {
    return { settings: () => resolveConnectionSettings(settings, {}), door, plan: new UpdatePlan() };
}

/** The outputs a resource recorded at create in org-a / env-a / us-east-1 through BASE. */
const RECORDED = {
    resolvedOrganizationId: "org-a",
    resolvedEnvironmentId: "env-a",
    resolvedRegion: "us-east-1",
    resolvedBaseUrl: BASE,
};
const storeOuts = (storeId = "s", extra: object = {}) =>
    ({
        storeId,
        defaultTtlSeconds: 60,
        defaultConfirmationTtlSeconds: 600,
        persistent: true,
        isFixedTtl: false,
        encrypted: true,
        permanentOsFlag: false,
        declaredProperties: [],
        ...RECORDED,
        ...extra,
    }) as any;
const partitionOuts = (extra: object = {}) => ({ storeId: "s", partitionId: "p", exists: true, ...RECORDED, ...extra }) as any;
const keyOuts = (extra: object = {}) =>
    ({ storeId: "s", partitionId: "p", keyId: "k", valueType: "STRING", stringValue: "v", ...RECORDED, ...extra }) as any;
const entriesOuts = (extra: object = {}) =>
    ({ storeId: "s", partitionId: "p", entries: { a: { stringValue: "1" } }, entryCount: 1, ...RECORDED, ...extra }) as any;

/** One stack operation of one provider instance: check then diff, as the engine calls them (a check failure fails the plan, as it fails a preview). */
async function plan(context: ProviderContext, kind: "store" | "partition" | "key" | "entries", olds: any, news: any, owner?: string) {
    const provider = {
        store: new StoreProvider(context),
        partition: new PartitionProvider(context),
        key: new KeyProvider(context),
        entries: new KeyEntriesProvider(context),
    }[kind];
    const checked = await provider.check({}, news, owner);
    if (checked.failures?.length) throw new Error(checked.failures.map((f) => f.reason).join("\n"));
    return provider.diff("id", olds, checked.inputs, owner);
}

describe("diff: a change of place (organization, environment, region, endpoint)", () => {
    it("the provider's environment changes: every resource without an override is replaced, naming the field, old and new", async () => {
        const context = contextWith({ ...SETTINGS, environmentId: "env-b" });
        const store = await plan(context, "store", storeOuts(), { storeId: "s" });
        expect(store).to.deep.include({ changes: true, replaces: ["environmentId"] });
        expect(store.moves).to.deep.equal([{ field: "environmentId", from: "env-a", to: "env-b" }]);
        expect(store.warnings?.[0]).to.match(
            /^Store 's' moves \(environment env-a -> env-b\): `pulumi up` creates the store in the new place first/,
        );
        const partition = await plan(context, "partition", partitionOuts(), { storeId: "s", partitionId: "p" });
        expect(partition.replaces).to.deep.equal(["environmentId"]);
        const key = await plan(context, "key", keyOuts(), { storeId: "s", partitionId: "p", keyId: "k", stringValue: "v" });
        expect(key.replaces).to.deep.equal(["environmentId"]);
        expect(key.warnings).to.equal(undefined); // only containers warn: their delete takes applications' keys too
        const entries = await plan(context, "entries", entriesOuts(), {
            storeId: "s",
            partitionId: "p",
            entries: { a: { stringValue: "1" } },
        });
        expect(entries.replaces).to.deep.equal(["environmentId"]);
    });

    it("a resource whose override names where it lives stays, whatever the provider's settings say", async () => {
        const context = contextWith({ ...SETTINGS, environmentId: "env-b", region: "eu-central-1" });
        const d = await plan(context, "store", storeOuts(), { storeId: "s", environmentId: "env-a", region: "us-east-1" });
        expect(d).to.deep.include({ changes: false, replaces: [] });
    });

    it("organization and region moves replace too; an override that moves is one replace reason, not two", async () => {
        const context = contextWith({ ...SETTINGS, organizationId: "org-b" });
        const d = await plan(context, "key", keyOuts(), {
            storeId: "s",
            partitionId: "p",
            keyId: "k",
            stringValue: "w",
            region: "eu-central-1",
        });
        expect([...d.replaces].sort()).to.deep.equal(["organizationId", "region"]);
        expect(d.changed.filter((c) => c === "region")).to.have.length(1);
        expect(d.changed).to.include("stringValue");
    });

    it("a change of credentials alone (another connected app, a token, a user) changes nothing", async () => {
        for (const credentials of [
            { clientId: "other-app", clientSecret: "secret-2" } as Record<string, string>,
            { accessToken: "a-token" },
            { username: "ops", password: "pw" },
        ]) {
            const { clientId: _i, clientSecret: _s, ...rest } = SETTINGS;
            const context = contextWith({ ...rest, ...credentials, authBaseUrl: "http://127.0.0.1:10" });
            expect(await plan(context, "store", storeOuts(), { storeId: "s" })).to.deep.include({ changes: false, replaces: [] });
            expect(
                await plan(context, "entries", entriesOuts(), { storeId: "s", partitionId: "p", entries: { a: { stringValue: "1" } } }),
            ).to.deep.include({ changes: false });
        }
    });

    it("state written by earlier versions records no endpoint: nothing to compare, no change", async () => {
        const context = contextWith({ ...SETTINGS, baseUrl: "http://127.0.0.1:11" });
        const d = await plan(context, "store", storeOuts("s", { resolvedBaseUrl: undefined }), { storeId: "s" });
        expect(d.changes).to.equal(false);
    });

    it("another endpoint (controlPlane or baseUrl) fails the plan, naming the resource, both endpoints and the ways forward", async () => {
        const context = contextWith({ ...SETTINGS, baseUrl: "https://user:pw@osv2-proxy.example.com/" });
        const message = await plan(context, "store", storeOuts(), { storeId: "s" }, "Store 'sessions'").then(
            () => "",
            (e: Error) => e.message,
        );
        expect(message).to.match(/^Store 'sessions' was created through the Object Store endpoint http:\/\/127\.0\.0\.1:9, but/);
        expect(message).to.include("now reach https://osv2-proxy.example.com.");
        expect(message).to.match(/set the provider's controlPlane and baseUrl back; or, to move the stack, run `pulumi destroy`/);
        expect(message).to.include("run `pulumi refresh --run-program` once");
        expect(message).to.not.include("pw@");
        // A change of control plane (no baseUrl): the regional host of the EU control plane, recorded from the US one.
        const { baseUrl: _b, ...noBase } = SETTINGS;
        const viaEu = contextWith({ ...noBase, controlPlane: "EU", region: "eu-central-1" });
        const fromUs = storeOuts("s", {
            resolvedRegion: "eu-central-1",
            resolvedBaseUrl: "https://object-store-eu-central-1.anypoint.mulesoft.com",
        });
        const euMessage = await plan(viaEu, "store", fromUs, { storeId: "s" }).then(
            () => "",
            (e: Error) => e.message,
        );
        expect(euMessage).to.match(
            /was created through the Object Store endpoint https:\/\/object-store-eu-central-1\.anypoint\.mulesoft\.com/,
        );
    });

    it("an unknown override (preview) is a replace, known only at apply; it records no move", async () => {
        const context = contextWith(SETTINGS);
        const d = await plan(context, "store", storeOuts(), { storeId: "s", environmentId: UNKNOWN });
        expect(d.replaces).to.deep.equal(["environmentId"]);
        expect(d.moves).to.equal(undefined);
    });

    it("endpointOf records no credential, query or trailing slash", () => {
        expect(endpointOf("https://u:p@Host.example.com:8443/prefix/?token=x#f")).to.equal("https://host.example.com:8443/prefix");
        expect(endpointOf("http://127.0.0.1:8090/")).to.equal("http://127.0.0.1:8090");
        expect(endpointChangedMessage("Key 'k'", "http://a", "http://b", "delete")).to.match(
            /Pulumi did not delete it.*pulumi state delete/,
        );
        expect(notFoundThroughEndpointMessage("Key 'k'", "http://a", "http://b")).to.match(/Pulumi keeps it in the stack/);
    });
});

describe("diff and delete: objects inside a store or partition that this operation deletes", () => {
    const moved = { ...SETTINGS };
    /** A store moving to env-b by its own override, a key staying in env-a (no override). */
    const storeMoves = { storeId: "s", environmentId: "env-b" };
    const keyStays = { storeId: "s", partitionId: "p", keyId: "k", stringValue: "v" };

    it("the container is diffed first: the key's check fails, naming both resources and the way forward", async () => {
        const context = contextWith(moved);
        const store = await plan(context, "store", storeOuts(), storeMoves, "Store 'app'");
        expect(store.replaces).to.deep.equal(["environmentId"]);
        const message = await plan(context, "key", keyOuts(), keyStays, "Key 'flag'").then(
            () => "",
            (e: Error) => e.message,
        );
        expect(message).to.match(
            /^Store 'app' moves \(environment env-a -> env-b\): its replace deletes the old store 's' in environment env-a/,
        );
        expect(message).to.match(/Key 'flag' of this stack still declares objects in that store/);
        expect(message).to.match(
            /Give it the same `environmentId` as Store 'app' \(environment env-a -> env-b\) so that it moves with it, or remove it from the program\. Other resources of this stack inside it need the same\. Pulumi changed nothing\.$/,
        );
    });

    it("a Key to create (a check, no diff) in a store this operation moves away fails its check", async () => {
        const context = contextWith(moved);
        await plan(context, "store", storeOuts(), storeMoves, "Store 'app'");
        const checked = await new KeyProvider(context).check({}, { ...keyStays, keyId: "new" }, "Key 'new'");
        expect(checked.inputs).to.equal(undefined);
        expect(checked.failures?.[0].reason).to.match(/^Store 'app' moves .*Key 'new' of this stack still declares objects in that store/);
    });

    it("the dependents are diffed first: the store's diff fails, naming every one of them", async () => {
        const context = contextWith(moved);
        await plan(context, "partition", partitionOuts(), { storeId: "s", partitionId: "p" }, "Partition 'flags'");
        await plan(context, "key", keyOuts(), keyStays, "Key 'flag'");
        const message = await plan(context, "store", storeOuts(), storeMoves, "Store 'app'").then(
            () => "",
            (e: Error) => e.message,
        );
        expect(message).to.match(/Partition 'flags', Key 'flag' of this stack still declare objects in that store/);
        expect(message).to.include("Give them the same `environmentId`");
    });

    it("without resource names (the dynamic door), the objects are named by their ids", async () => {
        const context = contextWith(moved, "dynamic");
        await plan(context, "store", storeOuts(), storeMoves);
        const message = await plan(context, "key", keyOuts(), keyStays).then(
            () => "",
            (e: Error) => e.message,
        );
        expect(message).to.match(/^Store 's' moves/);
        expect(message).to.include("Key 'p/k' in store 's' of this stack still declares objects");
    });

    it("dependents that move with their store (the same override) plan their own replace, and no conflict", async () => {
        const context = contextWith(moved);
        const key = await plan(context, "key", keyOuts(), { ...keyStays, environmentId: "env-b" }, "Key 'flag'");
        const store = await plan(context, "store", storeOuts(), storeMoves, "Store 'app'");
        const partition = await plan(context, "partition", partitionOuts(), { storeId: "s", partitionId: "p", environmentId: "env-b" });
        for (const d of [key, store, partition]) expect(d.replaces).to.deep.equal(["environmentId"]);
    });

    it("a provider's environment change moves store and dependents together: no conflict", async () => {
        const context = contextWith({ ...SETTINGS, environmentId: "env-b" });
        await plan(context, "key", keyOuts(), keyStays, "Key 'flag'");
        await plan(context, "entries", entriesOuts(), { storeId: "s", partitionId: "p", entries: { a: { stringValue: "1" } } });
        const store = await plan(context, "store", storeOuts(), { storeId: "s" }, "Store 'app'");
        expect(store.replaces).to.deep.equal(["environmentId"]);
    });

    it("a key pinned to the old environment while its store follows the provider to a new one fails", async () => {
        const context = contextWith({ ...SETTINGS, environmentId: "env-b" });
        await plan(context, "store", storeOuts(), { storeId: "s" }, "Store 'app'");
        const message = await plan(context, "key", keyOuts(), { ...keyStays, environmentId: "env-a" }, "Key 'pinned'").then(
            () => "",
            (e: Error) => e.message,
        );
        expect(message).to.match(/Key 'pinned' of this stack still declares objects in that store/);
    });

    it("a store replaced by a new storeId while a key keeps the literal old id: the way forward is store.storeId", async () => {
        const context = contextWith(SETTINGS);
        await plan(context, "store", storeOuts(), { storeId: "s2" }, "Store 'app'");
        const message = await plan(
            context,
            "entries",
            entriesOuts(),
            { storeId: "s", partitionId: "p", entries: { a: { stringValue: "1" } } },
            "KeyEntries 'seed'",
        ).then(
            () => "",
            (e: Error) => e.message,
        );
        expect(message).to.match(/^Store 'app' is replaced \(its storeId changed\)/);
        expect(message).to.include("Pass `store.storeId` as its storeId so that it follows it, or remove it from the program.");
    });

    it("a partition replaced (new partitionId) while a key stays in the old one fails; keys following it do not", async () => {
        const context = contextWith(SETTINGS);
        await plan(context, "partition", partitionOuts(), { storeId: "s", partitionId: "p2" }, "Partition 'flags'");
        await plan(context, "key", keyOuts({ keyId: "k2" }), { storeId: "s", partitionId: "p2", keyId: "k2", stringValue: "v" });
        const message = await plan(context, "key", keyOuts(), keyStays, "Key 'flag'").then(
            () => "",
            (e: Error) => e.message,
        );
        expect(message).to.match(
            /^Partition 'flags' is replaced \(its partitionId changed\).*Pass `partition\.partitionId` as its partitionId/s,
        );
    });

    it("a replace whose new id is unknown at preview records nothing (checked again at apply)", async () => {
        const context = contextWith(SETTINGS);
        const store = await plan(context, "store", storeOuts(), { storeId: UNKNOWN });
        expect(store.replaces).to.deep.equal(["storeId"]);
        await plan(context, "key", keyOuts(), keyStays); // no conflict: the store's fate is known only at apply
    });

    it("a Store or Partition delete refuses, before any request, while resources of this operation declare objects in it", async () => {
        const context = contextWith(SETTINGS);
        await plan(context, "key", keyOuts(), keyStays, "Key 'flag'");
        for (const [provider, outs, kind] of [
            [new StoreProvider(context), storeOuts(), "Store"],
            [new PartitionProvider(context), partitionOuts(), "Partition"],
        ] as const) {
            const message = await provider.delete("id", outs).then(
                () => "",
                (e: Error) => e.message,
            );
            expect(message, kind).to.match(
                new RegExp(
                    `^${kind === "Store" ? "Store 's'" : "Partition 'p' of store 's'"} was not deleted: Key 'flag' of this update still declares objects in it`,
                ),
            );
            expect(message).to.match(
                /Remove it from the program too, or keep the (Store|Partition) in the program\. Pulumi deleted nothing\.$/,
            );
        }
    });

    it("a delete through another endpoint is refused before any request", async () => {
        const context = contextWith({ ...SETTINGS, baseUrl: "http://127.0.0.1:12" });
        const message = await new KeyProvider(context).delete("id", keyOuts()).then(
            () => "",
            (e: Error) => e.message,
        );
        expect(message).to.match(/^Key 'p\/k' in store 's' was created through .*Pulumi did not delete it/);
    });
});
