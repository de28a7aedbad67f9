/**
 * Every change of place is in the plan (issue 22, item 3), with the real CLI through both front
 * doors: the TypeScript dynamic resources (inline program) and the `anypoint` plugin (a Pulumi YAML
 * program). Assertions are on the plan (the engine's step events: which resources are replaced, and
 * why) and on what the provider sent (the emulator's request journal):
 *
 * - a change of the stack's `anypoint:environmentId` (both doors), of an explicit provider's
 *   environmentId (YAML), or of the ANYPOINT_ENVIRONMENT_ID fallback (TypeScript, plan only)
 *   replaces every resource it moves, creating in the new environment before deleting in the old;
 * - overrides on a Store, its Partition, Key and KeyEntries move them all; nothing is left behind;
 * - an override on the Store only fails the plan, naming the resources that stay in it;
 * - a change of credentials alone plans nothing and sends nothing.
 *
 * Every `up` runs its own preview first, as users run it, and every preview is held to "no write" by
 * the harness's preview guard (./preview-guard.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { execFileSync } from "child_process";
import { expect } from "chai";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { DEMO_CREDENTIALS, type RunningEmulator } from "../../emulator";
import { Key, KeyEntries, Partition, Store } from "../../provider";
import { demoAccessToken } from "../support/provider-emulator";
import { E2EStack, EmulatorApi, REPO_ROOT, cliEnv, inlineStack, startTestEmulator, yamlStack } from "./harness";
import { PRODUCTION, SANDBOX, expectMoved, failure, isWrite, journal, stepsOf } from "./moves-journal";

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

describe("e2e: every change of place is in the plan (both doors, real CLI)", function () {
    this.timeout(900_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;

    before(async () => {
        // On every interface: 127.0.0.2 is then another address of the same service (as a proxy would be).
        emulator = await startTestEmulator({ host: "0.0.0.0" });
        api = new EmulatorApi(emulator);
    });

    after(async () => {
        await emulator?.close();
    });

    describe("TypeScript dynamic resources", () => {
        let e2e: E2EStack;
        /** The program's knobs: environmentId overrides of the store and of what it holds (undefined: none). */
        const v: { storeEnv?: string; heldEnv?: string; withoutStore?: boolean } = {};
        let events: EngineEvent[] = [];
        const onEvent = (e: EngineEvent) => events.push(e);

        before(async () => {
            e2e = await inlineStack(emulator, async () => {
                const store = v.withoutStore
                    ? undefined
                    : new Store("app", { storeId: "moving", defaultTtlSeconds: 3_600, environmentId: v.storeEnv });
                const storeId = store?.storeId ?? "moving";
                const flags = new Partition("flags", { storeId, partitionId: "flags", environmentId: v.heldEnv });
                const held = { storeId, partitionId: flags.partitionId, environmentId: v.heldEnv };
                new Key("checkout", { ...held, keyId: "checkout", stringValue: "on" });
                new KeyEntries("seed", { ...held, entries: { limit: { numberValue: 10 }, greeting: { stringValue: "hi" } } });
            });
            const up = await e2e.stack.up({ onOutput: e2e.onOutput });
            expect(up.summary.resourceChanges).to.include({ create: 5 });
        });

        after(async () => {
            if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
            await e2e?.dispose();
        });

        it("a change of credentials alone plans nothing and sends nothing", async () => {
            await e2e.stack.setConfig("anypoint:accessToken", { value: await demoAccessToken(emulator.url), secret: true });
            const seq = emulator.lastRequestSeq();
            await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
            expect(journal(emulator, seq)).to.deep.equal([]);
            await e2e.stack.removeConfig("anypoint:accessToken");
        });

        it("ANYPOINT_ENVIRONMENT_ID (the fallback) changed: the plan replaces all four", async () => {
            const envVars = e2e.stack.workspace.envVars;
            envVars.ANYPOINT_ENVIRONMENT_ID = PRODUCTION;
            try {
                events = [];
                const preview = await e2e.stack.preview({ onOutput: e2e.onOutput, onEvent });
                expect(preview.changeSummary).to.include({ replace: 4 });
                expect(Object.values(stepsOf(events))).to.deep.equal(Array(4).fill("replace [environmentId]"));
            } finally {
                envVars.ANYPOINT_ENVIRONMENT_ID = SANDBOX;
            }
        });

        it("the stack's anypoint:environmentId changed: preview plans all four replaced, up moves them (created there first, then deleted here)", async () => {
            await e2e.stack.setConfig("anypoint:environmentId", { value: PRODUCTION });
            events = [];
            const preview = await e2e.stack.preview({ onOutput: e2e.onOutput, onEvent });
            expect(stepsOf(events)).to.deep.equal({
                app: "replace [environmentId]",
                flags: "replace [environmentId]",
                checkout: "replace [environmentId]",
                seed: "replace [environmentId]",
            });
            expect(preview.stdout).to.match(
                /Store 'moving' moves \(environment \S+ -> \S+\): `pulumi up` creates the store in the new place first/,
            );
            const seq = emulator.lastRequestSeq();
            const up = await e2e.stack.up({ onOutput: e2e.onOutput });
            expect(up.summary.resourceChanges).to.include({ replace: 4 });
            const sent = journal(emulator, seq);
            console.log(
                sent
                    .filter(isWrite)
                    .map((l) => `      | ${l}`)
                    .join("\n"),
            );
            await expectMoved(api, sent, "moving", "sandbox", "production");
            await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        });

        it("overrides on the store and all it holds: up moves them all, nothing is left behind", async () => {
            v.storeEnv = v.heldEnv = SANDBOX; // the stack config still names production
            const preview = await e2e.stack.preview({ onOutput: e2e.onOutput });
            expect(preview.changeSummary).to.include({ replace: 4 });
            const seq = emulator.lastRequestSeq();
            await e2e.stack.up({ onOutput: e2e.onOutput });
            await expectMoved(api, journal(emulator, seq), "moving", "production", "sandbox");
            await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        });

        it("another endpoint (baseUrl): preview fails naming the ways forward; refresh --run-program through another address of the same service records it", async () => {
            const alias = emulator.url.replace("127.0.0.1", "127.0.0.2");
            await e2e.stack.setConfig("anypoint:baseUrl", { value: alias });
            const message = await failure(e2e.stack.preview({ onOutput: e2e.onOutput }));
            expect(message).to.match(
                /Store 'moving' was created through the Object Store endpoint http:\/\/127\.0\.0\.1:\d+, but the provider's settings/,
            );
            expect(message).to.include("run `pulumi refresh --run-program` once");
            const refreshed = await e2e.stack.refresh({ runProgram: true, onOutput: e2e.onOutput });
            expect(refreshed.summary.resourceChanges).to.deep.equal({ same: 5 });
            await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
            const state = await e2e.stack.exportStack();
            const recorded = state.deployment.resources.filter((r: { type: string }) => r.type.includes("objectstore"));
            expect(recorded.map((r: { outputs: { resolvedBaseUrl: string } }) => r.outputs.resolvedBaseUrl)).to.deep.equal(
                Array(4).fill(alias),
            );
            await e2e.stack.removeConfig("anypoint:baseUrl");
            await e2e.stack.refresh({ runProgram: true, onOutput: e2e.onOutput });
        });

        it("the store removed from the program while what it holds stays: up refuses the store's delete, naming them, and deletes nothing", async () => {
            v.withoutStore = true;
            const preview = await e2e.stack.preview({ onOutput: e2e.onOutput });
            expect(preview.changeSummary).to.include({ delete: 1 }); // a preview cannot see it: no provider is called for a delete
            const seq = emulator.lastRequestSeq();
            const message = await failure(e2e.stack.up({ onOutput: e2e.onOutput }));
            console.log(`      | ${message.split("\n").find((l) => l.includes("was not deleted")) ?? message}`);
            expect(message).to.match(/Store 'moving' was not deleted: .* of this update still declare objects in it/);
            expect(message).to.match(/Remove them from the program too, or keep the Store in the program\. Pulumi deleted nothing\./);
            expect(journal(emulator, seq).filter(isWrite)).to.deep.equal([]);
            v.withoutStore = false;
            await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        });

        it("an override on the store only: preview fails naming what stays in it (by its ids), and sends nothing", async () => {
            v.storeEnv = PRODUCTION;
            const seq = emulator.lastRequestSeq();
            const message = await failure(e2e.stack.preview({ onOutput: e2e.onOutput }));
            expect(message).to.match(/Store 'moving' moves \(environment \S+ -> \S+\): its replace deletes the old store 'moving'/);
            console.log(`      | ${message.split("\n").find((l) => l.includes("its replace deletes")) ?? message}`);
            expect(message).to.match(
                /(Partition 'flags' in store 'moving'|Key 'flags\/checkout' in store 'moving'|KeyEntries of partition 'flags' in store 'moving') of this stack/,
            );
            expect(message).to.match(/Give (it|them) the same `environmentId` as Store 'moving'/);
            expect(journal(emulator, seq)).to.deep.equal([]);
            v.storeEnv = SANDBOX;
            await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        });
    });

    describe("Pulumi YAML through the anypoint plugin", () => {
        let e2e: E2EStack;
        /** Overrides of the default provider's store and of what it holds (undefined: none). */
        const v: { storeEnv?: string; heldEnv?: string; withoutStore?: boolean } = {};
        let events: EngineEvent[] = [];
        const onEvent = (e: EngineEvent) => events.push(e);

        /** The program: an explicit provider `place` with four resources, and four on the default provider (or three, `withoutStore`). */
        const program = () => {
            const env = (e?: string) => (e ? [`      environmentId: ${e}`] : []);
            const held = (name: string, type: string, props: string[], provider: boolean, override?: string) => [
                `  ${name}:`,
                `    type: anypoint:objectstore:${type}`,
                "    properties:",
                ...props,
                ...env(override),
                ...(provider ? ["    options:", "      provider: ${place}"] : []),
            ];
            const four = (p: string, storeId: string, provider: boolean, storeEnv?: string, heldEnv?: string, withoutStore = false) => [
                ...(withoutStore
                    ? []
                    : held(`${p}Store`, "Store", [`      storeId: ${storeId}`, "      defaultTtlSeconds: 3600"], provider, storeEnv)),
                ...held(
                    `${p}Flags`,
                    "Partition",
                    [`      storeId: ${withoutStore ? storeId : `\${${p}Store.storeId}`}`, "      partitionId: flags"],
                    provider,
                    heldEnv,
                ),
                ...held(
                    `${p}Checkout`,
                    "Key",
                    [
                        `      storeId: ${withoutStore ? storeId : `\${${p}Store.storeId}`}`,
                        `      partitionId: \${${p}Flags.partitionId}`,
                        "      keyId: checkout",
                        "      stringValue: on",
                    ],
                    provider,
                    heldEnv,
                ),
                ...held(
                    `${p}Seed`,
                    "KeyEntries",
                    [
                        `      storeId: ${withoutStore ? storeId : `\${${p}Store.storeId}`}`,
                        `      partitionId: \${${p}Flags.partitionId}`,
                        "      entries:",
                        "        limit:",
                        "          numberValue: 10",
                        "        greeting:",
                        "          stringValue: hi",
                    ],
                    provider,
                    heldEnv,
                ),
            ];
            return [
                "name: osv2-yaml-moves",
                "runtime: yaml",
                "config:",
                ...["placeEnv", "placeClientId", "placeClientSecret"].map((k) => `  ${k}:\n    type: string`),
                "resources:",
                "  place:",
                "    type: pulumi:providers:anypoint",
                "    properties:",
                `      baseUrl: ${emulator.url}`,
                `      organizationId: ${DEMO_CREDENTIALS.organizationId}`,
                "      environmentId: ${placeEnv}",
                "      clientId: ${placeClientId}",
                "      clientSecret: ${placeClientSecret}",
                ...four("x", "yaml-moves-x", true),
                ...four("d", "yaml-moves-d", false, v.storeEnv, v.heldEnv, v.withoutStore),
                "",
            ].join("\n");
        };
        const writeProgram = () => fs.writeFileSync(path.join(e2e.stack.workspace.workDir, "Pulumi.yaml"), program());
        const useApp = async (clientId: string, clientSecret: string) => {
            await e2e.stack.setAllConfig({
                "anypoint:clientId": { value: clientId },
                "anypoint:clientSecret": { value: clientSecret, secret: true },
                "osv2-yaml-moves:placeClientId": { value: clientId },
                "osv2-yaml-moves:placeClientSecret": { value: clientSecret, secret: true },
            });
        };

        before(async () => {
            for (const k of Object.keys(process.env)) if (k.startsWith("ANYPOINT_")) delete process.env[k];
            e2e = await yamlStack({
                project: { pulumiYaml: "name: osv2-yaml-moves\nruntime: yaml\n" },
                config: {
                    "anypoint:baseUrl": { value: emulator.url },
                    "anypoint:organizationId": { value: DEMO_CREDENTIALS.organizationId },
                    "anypoint:environmentId": { value: SANDBOX },
                    "osv2-yaml-moves:placeEnv": { value: SANDBOX },
                },
            });
            await useApp(DEMO_CREDENTIALS.clientId, DEMO_CREDENTIALS.clientSecret);
            writeProgram();
            const tarball = execFileSync(process.execPath, [path.join(REPO_ROOT, "dist", "scripts", "pack-plugin.js"), "--out", e2e.tmp], {
                encoding: "utf8",
            }).trim();
            execFileSync("pulumi", ["plugin", "install", "resource", "anypoint", VERSION, "--file", tarball], {
                env: { ...process.env, ...cliEnv(e2e.tmp) },
                stdio: "pipe",
            });
            const up = await e2e.stack.up({ onOutput: e2e.onOutput });
            expect(up.summary.resourceChanges).to.include({ create: 10 }); // the stack, the provider, eight resources
        });

        after(async () => {
            if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
            await e2e?.dispose();
        });

        it("a change of credentials alone (another connected app, stack config and provider arguments) plans nothing and sends nothing", async () => {
            await useApp(DEMO_CREDENTIALS.limitedClientId, DEMO_CREDENTIALS.limitedClientSecret);
            const seq = emulator.lastRequestSeq();
            events = [];
            await e2e.stack.preview({ onOutput: e2e.onOutput, onEvent });
            expect(new Set(Object.values(stepsOf(events)))).to.deep.equal(new Set(["same"]));
            expect(Object.keys(stepsOf(events))).to.have.length(8);
            expect(journal(emulator, seq)).to.deep.equal([]);
            await useApp(DEMO_CREDENTIALS.clientId, DEMO_CREDENTIALS.clientSecret);
        });

        it("the explicit provider's environmentId changed: its four resources are replaced into the new environment, the others stay", async () => {
            await e2e.stack.setConfig("osv2-yaml-moves:placeEnv", { value: PRODUCTION });
            const seq = emulator.lastRequestSeq();
            events = [];
            await e2e.stack.up({ onOutput: e2e.onOutput, onEvent });
            expect(stepsOf(events)).to.deep.equal({
                xStore: "replace [environmentId]",
                xFlags: "replace [environmentId]",
                xCheckout: "replace [environmentId]",
                xSeed: "replace [environmentId]",
                dStore: "same",
                dFlags: "same",
                dCheckout: "same",
                dSeed: "same",
            });
            const replaced = events.find(
                (e) => e.resourcePreEvent?.metadata.urn.endsWith("::xStore") && e.resourcePreEvent.metadata.op === "replace",
            );
            expect(replaced?.resourcePreEvent?.metadata.detailedDiff).to.deep.equal({
                resolvedEnvironmentId: { diffKind: "update-replace", inputDiff: false },
            });
            const sent = journal(emulator, seq);
            console.log(
                sent
                    .filter(isWrite)
                    .map((l) => `      | ${l}`)
                    .join("\n"),
            );
            await expectMoved(api, sent, "yaml-moves-x", "sandbox", "production");
            expect(e2e.output.join("")).to.match(/Store 'xStore' moves \(environment \S+ -> \S+\)/);
        });

        it("the stack's anypoint:environmentId changed: the default provider's four are replaced, the explicit provider's stay", async () => {
            await e2e.stack.setConfig("anypoint:environmentId", { value: PRODUCTION });
            const seq = emulator.lastRequestSeq();
            events = [];
            await e2e.stack.up({ onOutput: e2e.onOutput, onEvent });
            const steps = stepsOf(events);
            for (const name of ["dStore", "dFlags", "dCheckout", "dSeed"]) expect(steps[name], name).to.equal("replace [environmentId]");
            for (const name of ["xStore", "xFlags", "xCheckout", "xSeed"]) expect(steps[name], name).to.equal("same");
            await expectMoved(api, journal(emulator, seq), "yaml-moves-d", "sandbox", "production");
        });

        it("overrides on the store and all it holds: up moves them all, nothing is left behind", async () => {
            v.storeEnv = v.heldEnv = SANDBOX;
            writeProgram();
            const seq = emulator.lastRequestSeq();
            events = [];
            await e2e.stack.up({ onOutput: e2e.onOutput, onEvent });
            expect(Object.values(stepsOf(events)).filter((s) => s.startsWith("replace"))).to.have.length(4);
            await expectMoved(api, journal(emulator, seq), "yaml-moves-d", "production", "sandbox");
        });

        it("the store removed from the program while what it holds stays: up refuses the store's delete, naming them, and deletes nothing", async () => {
            v.withoutStore = true;
            writeProgram();
            const seq = emulator.lastRequestSeq();
            const message = await failure(e2e.stack.up({ onOutput: e2e.onOutput }));
            console.log(`      | ${message.split("\n").find((l) => l.includes("was not deleted")) ?? message}`);
            const refusal = /Store 'yaml-moves-d' was not deleted: (.*) of this update still declare objects in it/.exec(message);
            expect(refusal, message).to.not.equal(null);
            expect(refusal![1].split(", ").sort()).to.deep.equal(["Key 'dCheckout'", "KeyEntries 'dSeed'", "Partition 'dFlags'"]);
            expect(journal(emulator, seq).filter(isWrite)).to.deep.equal([]);
            v.withoutStore = false;
            writeProgram();
            await e2e.stack.preview({ expectNoChanges: true, onOutput: e2e.onOutput });
        });

        it("an override on the store only: preview fails naming the Partition, Key and KeyEntries that stay in it; nothing is deleted or written there", async () => {
            v.storeEnv = PRODUCTION;
            writeProgram();
            const seq = emulator.lastRequestSeq();
            const message = await failure(e2e.stack.preview({ onOutput: e2e.onOutput }));
            expect(message).to.match(/Store 'dStore' moves \(environment \S+ -> \S+\): its replace deletes the old store 'yaml-moves-d'/);
            console.log(`      | ${message.split("\n").find((l) => l.includes("its replace deletes")) ?? message}`);
            expect(message).to.match(/Partition 'dFlags'|Key 'dCheckout'|KeyEntries 'dSeed'/);
            expect(message).to.match(/Give (it|them) the same `environmentId` as Store 'dStore'/);
            const sent = journal(emulator, seq);
            expect(sent.filter((l) => l.startsWith("DELETE"))).to.deep.equal([]);
            expect(sent.filter(isWrite), "the failing preview writes nothing anywhere").to.deep.equal([]);
        });
    });
});
