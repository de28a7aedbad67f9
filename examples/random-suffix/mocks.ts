/**
 * Runs the random-suffix program without the random provider plugin, with Pulumi's unit-test mocks
 * (`pulumi.runtime.setMocks`), and prints its outputs as JSON.
 *
 * - `random:*` resources get fixed results (suffix "x7k2qa", a fixed password), as a unit test would.
 * - This package's resources are created for real: the mock runs each one's provider (`check` then
 *   `create`, exactly as `pulumi up` does for a new resource) against the Object Store configured by
 *   the ANYPOINT_* environment variables (the emulator in test/e2e/examples.test.ts).
 *
 * Usage (after `npm run build`, with an emulator running and ANYPOINT_* set):
 *   node dist/examples/random-suffix/mocks.js
 */
import * as pulumi from "@pulumi/pulumi";
import { KeyProvider, PartitionProvider, StoreProvider } from "pulumi-anypoint-objectstore";

/** Fixed results of the random resources. */
export const MOCK_SUFFIX = "x7k2qa";
export const MOCK_PASSWORD = "mock-Password-0123456789";

const providers: Record<string, pulumi.dynamic.ResourceProvider> = {
    "pulumi-nodejs:dynamic/objectstore:Store": new StoreProvider(),
    "pulumi-nodejs:dynamic/objectstore:Partition": new PartitionProvider(),
    "pulumi-nodejs:dynamic/objectstore:Key": new KeyProvider(),
};

async function newResource(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string; state: Record<string, unknown> }> {
    const declared = args.inputs as Record<string, unknown>;
    if (args.type === "random:index/randomString:RandomString") return { id: args.name, state: { ...declared, result: MOCK_SUFFIX } };
    if (args.type === "random:index/randomPassword:RandomPassword") {
        return { id: args.name, state: { ...declared, result: MOCK_PASSWORD, bcryptHash: "mock" } };
    }
    const provider = providers[args.type];
    if (!provider) throw new Error(`no mock for ${args.type}`);
    const { __provider: _ignored, ...inputs } = declared;
    const checked = await provider.check!({}, inputs);
    if (checked.failures?.length) throw new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
    const checkedInputs = checked.inputs as Record<string, unknown>;
    const created = await provider.create(checkedInputs);
    return { id: created.id, state: { ...checkedInputs, ...(created.outs as Record<string, unknown>) } };
}

/** The value of an output, or undefined when it is unknown. */
function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

async function main(): Promise<void> {
    await pulumi.runtime.setMocks(
        { newResource, call: async (args) => args.inputs as Record<string, unknown> },
        "random-suffix",
        "mocks",
        false,
    );
    const program = (await import("./index.js")) as typeof import("./index.js");
    const outputs = {
        storeId: await valueOf(program.storeId),
        passwordKeyId: await valueOf(program.passwordKeyId),
        passwordValueType: await valueOf(program.passwordValueType),
    };
    process.stdout.write(`${JSON.stringify(outputs)}\n`);
}

main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
});
