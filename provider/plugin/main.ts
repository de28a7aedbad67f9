#!/usr/bin/env node
/**
 * Entry point of the `pulumi-resource-anypoint` provider plugin: the engine starts it with its own
 * address as the first argument; it serves the ResourceProvider service on a free loopback port and
 * prints the port on stdout (the plugin protocol), then runs until the engine stops it.
 *
 * On a Node.js older than the package's `engines.node` it serves ./refusal instead, which fails every
 * call with one plain line naming the node found and the one needed. The provider itself (./server and
 * everything it loads) is loaded only after that check.
 */
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { minimumNodeMajor, nodeVersionRefusal } from "./node-version";
import { refusingService } from "./refusal";
import type * as Server from "./server";
import { packageVersion } from "./version";

async function main(args: string[]): Promise<void> {
    const refusal = nodeVersionRefusal(process.version, process.execPath, minimumNodeMajor());
    if (refusal) {
        process.stderr.write(`pulumi-resource-anypoint: ${refusal}\n`);
        const server = new grpc.Server();
        server.addService(provrpc.ResourceProviderService, refusingService(packageVersion(), refusal));
        const port = await new Promise<number>((resolve, reject) =>
            server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
        );
        process.stdout.write(`${port}\n`);
        return;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the Node.js check (see the module comment)
    const { AnypointProvider, serve } = require("./server") as typeof Server;
    const provider = new AnypointProvider(packageVersion(), args[0]);
    const { port } = await serve(provider);
    process.stdout.write(`${port}\n`);
}

main(process.argv.slice(2)).catch((e: Error) => {
    process.stderr.write(`pulumi-resource-anypoint: ${e.message}\n`);
    process.exit(1);
});
