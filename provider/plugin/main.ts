#!/usr/bin/env node
/**
 * Entry point of the `pulumi-resource-anypoint` provider plugin: the engine starts it with its own
 * address as the first argument; it serves the ResourceProvider service on a free loopback port and
 * prints the port on stdout (the plugin protocol), then runs until the engine stops it.
 */
import { packageVersion } from "./version";
import { AnypointProvider, serve } from "./server";

async function main(args: string[]): Promise<void> {
    const provider = new AnypointProvider(packageVersion(), args[0]);
    const { port } = await serve(provider);
    process.stdout.write(`${port}\n`);
}

main(process.argv.slice(2)).catch((e: Error) => {
    process.stderr.write(`pulumi-resource-anypoint: ${e.message}\n`);
    process.exit(1);
});
