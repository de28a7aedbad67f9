/**
 * The dynamic door hears the engine's Cancel (provider/dynamic/cancel.ts): @pulumi/pulumi's dynamic
 * provider host answers the Cancel RPC and does nothing else, so the package wraps the host's gRPC
 * handler lookup. Checked with the real @grpc/grpc-js and Pulumi's ResourceProvider service over a
 * socket, on a subclass of grpc-js's Server (so this process's other servers stay as they are); the
 * real host is exercised by test/e2e/cancel.test.ts.
 */
import * as grpc from "@grpc/grpc-js";
import { expect } from "chai";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { CANCEL_RPC_PATH, hookCancel, isDynamicProviderHost, listenForEngineCancel } from "../../../provider/dynamic/cancel";

describe("dynamic door: the engine's Cancel reaches the provider (provider/dynamic/cancel.ts)", () => {
    it("recognises @pulumi/pulumi's dynamic provider host, and changes nothing elsewhere", () => {
        expect(isDynamicProviderHost("/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js")).to.equal(true);
        expect(isDynamicProviderHost("C:\\p\\node_modules\\@pulumi\\pulumi\\cmd\\dynamic-provider\\index.js")).to.equal(true);
        expect(isDynamicProviderHost("/p/node_modules/mocha/bin/mocha.js")).to.equal(false);
        expect(isDynamicProviderHost(undefined)).to.equal(false);
        expect(listenForEngineCancel(), "mocha is not the host").to.equal(false);
        expect(
            hookCancel({}, () => undefined),
            "no handler lookup to wrap",
        ).to.equal(false);
    });

    it("a Cancel RPC to a server whose own cancel does nothing also aborts the door's signal; other RPCs are untouched", async () => {
        class HostServer extends grpc.Server {}
        let cancels = 0;
        expect(hookCancel(HostServer.prototype as never, () => cancels++)).to.equal(true);
        expect(
            hookCancel(HostServer.prototype as never, () => cancels++),
            "idempotent",
        ).to.equal(true);
        const server = new HostServer();
        let hostCancels = 0;
        server.addService(provrpc.ResourceProviderService, {
            cancel: (_call: unknown, callback: grpc.sendUnaryData<Empty>) => {
                hostCancels++; // what @pulumi/pulumi's dynamic provider host does: answer, nothing else
                callback(null, new Empty());
            },
            getPluginInfo: (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
                callback({ code: grpc.status.UNIMPLEMENTED } as grpc.ServiceError),
        } as unknown as grpc.UntypedServiceImplementation);
        const port = await new Promise<number>((resolve, reject) =>
            server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
        );
        const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        try {
            await new Promise<void>((resolve, reject) =>
                client.getPluginInfo(new Empty(), (e) => (e ? resolve() : reject(new Error("expected UNIMPLEMENTED")))),
            );
            expect(cancels, "another RPC does not cancel").to.equal(0);
            await new Promise<void>((resolve, reject) => client.cancel(new Empty(), (e) => (e ? reject(e) : resolve())));
            expect(cancels, "the door heard it").to.equal(1);
            expect(hostCancels, "and the host answered it as before").to.equal(1);
            expect(CANCEL_RPC_PATH).to.equal("/pulumirpc.ResourceProvider/Cancel");
        } finally {
            client.close();
            server.forceShutdown();
        }
    });
});
