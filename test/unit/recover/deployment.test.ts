/**
 * Recovery's pure parts (provider/recover/deployment.ts, the plan's rendering in cli.ts): which
 * pending operations are this package's, what the decisions do to a deployment (a create recorded,
 * a replacement's create recorded beside the resource it replaces, an update's outputs recorded,
 * secrets kept secret, everything undecided left as it is), when two exports are the same state, and
 * what the refusal says.
 */
import { expect } from "chai";
import { renderPlan } from "../../../provider/recover/cli";
import {
    applyRecoveries,
    asSecret,
    classifyPending,
    isSecretValue,
    sameExceptPendingOperations,
    type Deployment,
    type ExportedStack,
} from "../../../provider/recover/deployment";
import type { RecoveryPlan } from "../../../provider/recover/recover";

const URN = "urn:pulumi:prod::shop::";
const T = "pulumi-nodejs:dynamic/objectstore:";
const PROVIDER = `${URN}pulumi:providers:pulumi-nodejs::default::p1`;

function sample(): Deployment {
    return {
        manifest: { time: "2026-12-01T00:00:00Z", magic: "m1", version: "v3.276.0" },
        resources: [
            { urn: `${URN}pulumi:pulumi:Stack::shop-prod`, type: "pulumi:pulumi:Stack", custom: false },
            { urn: `${URN}pulumi:providers:pulumi-nodejs::default`, type: "pulumi:providers:pulumi-nodejs", custom: true, id: "p1" },
            {
                urn: `${URN}${T}KeyEntries::seed`,
                type: `${T}KeyEntries`,
                custom: true,
                id: "s/p/*",
                provider: PROVIDER,
                inputs: { storeId: "s", partitionId: "p", entries: { a: "1", hidden: asSecret("old") } },
                outputs: { storeId: "s", partitionId: "p", entries: { a: "1", hidden: asSecret("old") }, entryCount: 2 },
            },
            {
                urn: `${URN}${T}Key::renamed`,
                type: `${T}Key`,
                custom: true,
                id: "s/p/old-id",
                provider: PROVIDER,
                outputs: { keyId: "old-id" },
            },
            { urn: `${URN}${T}Store::gone`, type: `${T}Store`, custom: true, id: "gone", provider: PROVIDER, outputs: { storeId: "gone" } },
        ],
        pending_operations: [
            {
                type: "creating",
                resource: {
                    urn: `${URN}${T}Key::flag`,
                    type: `${T}Key`,
                    provider: PROVIDER,
                    inputs: { keyId: "flag", stringValue: asSecret("on") },
                },
            },
            {
                type: "updating",
                resource: {
                    urn: `${URN}${T}KeyEntries::seed`,
                    type: `${T}KeyEntries`,
                    provider: PROVIDER,
                    inputs: { storeId: "s", partitionId: "p", entries: { a: "1", b: "2", token: asSecret("t") } },
                },
            },
            {
                type: "creating",
                resource: { urn: `${URN}pulumi-nodejs:dynamic:Resource::sleeper`, type: "pulumi-nodejs:dynamic:Resource" },
            },
            {
                type: "creating",
                resource: { urn: `${URN}${T}Key::renamed`, type: `${T}Key`, provider: PROVIDER, inputs: { keyId: "new-id" } },
            },
            { type: "deleting", resource: { urn: `${URN}${T}Store::gone`, type: `${T}Store`, id: "gone" } },
        ],
    };
}

describe("recover: the deployment's pending operations and the decisions (pure)", () => {
    it("classifies pending operations: this package's resources (both doors) and every other one", () => {
        const { ours, others } = classifyPending(sample());
        expect(ours.map((o) => `${o.op.type} ${o.type.kind} ${o.name} ${o.type.door}`)).to.deep.equal([
            "creating Key flag dynamic",
            "updating KeyEntries seed dynamic",
            "creating Key renamed dynamic",
            "deleting Store gone dynamic",
        ]);
        expect(others.map((o) => o.resource.urn)).to.deep.equal([`${URN}pulumi-nodejs:dynamic:Resource::sleeper`]);
    });

    it("applies decisions: records a create (a replacement's beside its old resource, marked for deletion), an update's inputs and outputs, clears; leaves the rest as it was", () => {
        const d = sample();
        const now = new Date("2026-12-02T00:00:00Z");
        const applied = applyRecoveries(
            d,
            [
                {
                    urn: `${URN}${T}Key::flag`,
                    operation: "creating",
                    action: "record",
                    id: "s/p/flag",
                    outputs: { keyId: "flag", stringValue: "on" },
                },
                {
                    urn: `${URN}${T}KeyEntries::seed`,
                    operation: "updating",
                    action: "record",
                    outputs: { storeId: "s", partitionId: "p", entries: { a: "1", b: "2", hidden: "old" }, entryCount: 3 },
                },
                { urn: `${URN}${T}Key::renamed`, operation: "creating", action: "record", id: "s/p/new-id", outputs: { keyId: "new-id" } },
                { urn: `${URN}${T}Store::gone`, operation: "deleting", action: "clear" },
            ],
            now,
        );
        expect(
            applied.pending_operations!.map((p) => p.resource.urn),
            "undecided: left for the caller",
        ).to.deep.equal([`${URN}pulumi-nodejs:dynamic:Resource::sleeper`]);
        const resources = applied.resources!;
        expect(resources.slice(0, 2), "undecided resources are the same objects").to.deep.equal(d.resources!.slice(0, 2));
        expect(resources[0]).to.equal(d.resources![0]);
        expect(
            resources.find((r) => r.urn.endsWith("::gone")),
            "a cleared delete changes no resource",
        ).to.equal(d.resources![4]);

        const flag = resources.find((r) => r.urn.endsWith("::flag"))!;
        expect(flag).to.include({ id: "s/p/flag", custom: true, created: now.toISOString() });
        expect(isSecretValue(flag.outputs!.stringValue), "a secret input stays secret").to.equal(true);

        const renamed = resources.filter((r) => r.urn.endsWith("::renamed"));
        expect(renamed.map((r) => [r.id, r.delete ?? false])).to.deep.equal([
            ["s/p/old-id", true],
            ["s/p/new-id", false],
        ]);

        const seed = resources.find((r) => r.urn.endsWith("::seed"))!;
        expect(seed.id).to.equal("s/p/*");
        expect(seed.inputs, "the update's inputs").to.deep.equal(d.pending_operations![1].resource.inputs);
        const entries = seed.outputs!.entries as Record<string, unknown>;
        expect(entries.a).to.equal("1");
        expect(isSecretValue(entries.hidden), "secret in the outputs recorded before").to.equal(true);
        expect(seed.modified).to.equal(now.toISOString());
        expect(d.resources![2].outputs!.entryCount, "the input deployment is not changed").to.equal(2);
    });

    it("two exports are the same state apart from their pending operations only when everything else is equal", () => {
        const a: ExportedStack = { version: 3, deployment: sample() };
        const fewer: ExportedStack = { version: 3, deployment: { ...sample(), pending_operations: [] } };
        expect(sameExceptPendingOperations(a, fewer)).to.equal(true);
        const written: ExportedStack = { version: 3, deployment: { ...sample(), manifest: { time: "2026-12-01T00:00:01Z", magic: "m2" } } };
        expect(sameExceptPendingOperations(a, written), "a new manifest: the state was written").to.equal(false);
        const changed = { version: 3, deployment: sample() };
        (changed.deployment.resources![2].outputs!.entries as Record<string, unknown>).b = "2";
        expect(sameExceptPendingOperations(a, changed)).to.equal(false);
    });

    it("the refusal names each pending operation it does not decide (URN, type, operation) and what to do", () => {
        const plan: RecoveryPlan = {
            stack: "prod",
            lines: [
                { urn: `${URN}${T}KeyEntries::seed`, resource: "KeyEntries 'seed'", operation: "updating", action: "recorded", text: "…" },
            ],
            recoveries: [],
            undecided: [
                {
                    urn: `${URN}pulumi-nodejs:dynamic:Resource::sleeper`,
                    type: "pulumi-nodejs:dynamic:Resource",
                    operation: "creating",
                    reason: "foreign",
                },
            ],
            basis: { version: 3, deployment: sample() },
        };
        const refused = renderPlan(plan, {});
        expect(refused).to.include(`  recorded  KeyEntries 'seed' (update): …`);
        expect(refused).to.include(
            `  ${URN}pulumi-nodejs:dynamic:Resource::sleeper\n      type pulumi-nodejs:dynamic:Resource, interrupted while creating (not a resource of this package)`,
        );
        expect(refused).to.match(/Nothing was changed\. What you can do:/);
        expect(refused).to.match(/`pulumi refresh` run interactively asks/);
        expect(refused, "that refresh would drop this package's pending update").to.match(
            /also drops every pending update.*1 included.*use --force instead/,
        );
        expect(refused).to.match(/run recover again with --force/);
        const othersOnly = renderPlan({ ...plan, lines: [] }, {});
        expect(othersOnly, "nothing of this package's: nothing to do, the others left alone").to.match(
            /has no pending operation of a pulumi-anypoint-objectstore resource: nothing to recover\. Its 1 other pending operation\(s\) are left alone/,
        );
        expect(othersOnly).to.not.match(/Nothing was changed|--force/);
        const forced = renderPlan(plan, { force: true });
        expect(forced).to.match(/With --force, exactly these are cleared from the state; the backup written first keeps them\./);
        expect(forced).to.not.match(/Nothing was changed/);
    });
});
