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
