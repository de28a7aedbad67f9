/**
 * `@pulumi/pulumi`, loaded when a program-side form of a lookup first needs it (an Output form, or
 * the running program's stack config). The promise forms with explicit settings never do: that is
 * how the `anypoint` plugin calls them (provider/plugin/functions.ts), and its bundle leaves the SDK
 * (and the TypeScript compiler the SDK carries) out.
 */
import type * as Pulumi from "@pulumi/pulumi";

/** The Pulumi SDK of the program running this code. */
export function pulumiSdk(): typeof Pulumi {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see the module comment
    return require("@pulumi/pulumi") as typeof Pulumi;
}

/**
 * The Output form of a lookup: `read(args)` once every argument is known AND every resource the
 * arguments come from exists. Pulumi's own output-form invokes gate the same way (an invoke that
 * depends on a resource not yet created is unknown in a preview): a program that creates a key and
 * reads it back (`getKeyValueOutput({ keyId: key.keyId, … })`) gets an unknown value from
 * `pulumi preview` and the preview inside `pulumi up` instead of a 404 for a key this very update
 * creates, and `pulumi up` reads it after the create. The resources come from the arguments' Outputs
 * (the Output's `allResources`, which Pulumi's Node SDK keeps on every Output; without it, no gate).
 */
export function lookupOutput<I, R>(args: I, read: (args: Pulumi.Unwrap<I>) => Promise<R>): Pulumi.Output<R> {
    const sdk = pulumiSdk();
    const input = sdk.output(args);
    const ids = sdk.output(createdIds(sdk, input));
    return sdk.all([input, ids]).apply(([a]) => read(a as Pulumi.Unwrap<I>)) as Pulumi.Output<R>;
}

/** The `id` Outputs of the custom resources `output` depends on (unknown in a preview while they are being created). */
async function createdIds(sdk: typeof Pulumi, output: Pulumi.Output<unknown>): Promise<Pulumi.Output<string>[]> {
    const all = (output as unknown as { allResources?: () => Promise<Set<Pulumi.Resource>> }).allResources;
    const resources = all ? await all.call(output) : new Set<Pulumi.Resource>();
    return [...resources].filter((r): r is Pulumi.CustomResource => sdk.CustomResource.isInstance(r)).map((r) => r.id);
}
