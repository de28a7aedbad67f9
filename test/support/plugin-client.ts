/**
 * A gRPC client of the `anypoint` provider plugin's ResourceProvider service, and a stand-in for the
 * engine's Log service that records what the plugin logs: the plugin tested through its real wire
 * interface (as the engine calls it), in-process, against the emulator.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import type { LogRequest } from "@pulumi/pulumi/proto/engine_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { AnypointProvider, serve } from "../../provider/plugin/server";

/** What the plugin logged through the engine. */
export interface LoggedMessage {
    severity: number;
    message: string;
    urn: string;
}

/** Starts a Log-only engine on a free port; `messages` fills as the plugin logs. */
export async function startEngineStub(): Promise<{ address: string; messages: LoggedMessage[]; close(): void }> {
    const messages: LoggedMessage[] = [];
    const server = new grpc.Server();
    server.addService(EngineService, {
        log: (call: grpc.ServerUnaryCall<LogRequest, Empty>, callback: grpc.sendUnaryData<Empty>) => {
            messages.push({ severity: call.request.getSeverity(), message: call.request.getMessage(), urn: call.request.getUrn() });
            callback(null, new Empty());
        },
    } as unknown as grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    return { address: `127.0.0.1:${port}`, messages, close: () => server.forceShutdown() };
}

const struct = (o: object) => Struct.fromJavaScript(JSON.parse(JSON.stringify(o)) as Record<string, never>);
const plain = (s: Struct | undefined) => (s?.toJavaScript() ?? {}) as Record<string, any>;

/** A plugin server in this process and a client of it, with promise methods per RPC. */
export class PluginClient {
    private constructor(
        readonly provider: AnypointProvider,
        private readonly server: grpc.Server,
        private readonly client: ResourceProviderClient,
    ) {}

    static async start(engineAddress?: string): Promise<PluginClient> {
        const provider = new AnypointProvider("0.0.0-test", engineAddress);
        const { server, port } = await serve(provider);
        return new PluginClient(provider, server, new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()));
    }

    private call<Res>(method: (...args: any[]) => unknown, req: unknown): Promise<Res> {
        return new Promise((resolve, reject) =>
            method.call(this.client, req, (e: grpc.ServiceError | null, r: Res) => (e ? reject(e) : resolve(r))),
        );
    }

    async schema(): Promise<any> {
        return JSON.parse((await this.call<proto.GetSchemaResponse>(this.client.getSchema, new proto.GetSchemaRequest())).getSchema());
    }

    /** CheckConfig of the provider named `providerName` (`default`: the engine's default provider, which takes stack config). */
    async checkConfig(
        config: Record<string, unknown>,
        providerName = "default",
    ): Promise<{ failures: { property: string; reason: string }[] }> {
        const req = new proto.CheckRequest();
        req.setUrn(`urn:pulumi:test::proj::pulumi:providers:anypoint::${providerName}`);
        req.setNews(struct(config));
        const res = await this.call<proto.CheckResponse>(this.client.checkConfig, req);
        return { failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
    }

    /**
     * Configure of the provider named `providerName` (`default`: the engine's default provider, which
     * takes stack config); resolves with what the plugin says it supports.
     */
    async configure(config: Record<string, string>, providerName = "default"): Promise<{ supportsPreview: boolean }> {
        const req = new proto.ConfigureRequest();
        req.setUrn(`urn:pulumi:test::proj::pulumi:providers:anypoint::${providerName}`);
        req.setArgs(struct(config));
        const res = await this.call<proto.ConfigureResponse>(this.client.configure, req);
        return { supportsPreview: res.getSupportspreview() };
    }

    async check(urn: string, news: object, olds: object = {}): Promise<{ inputs: Record<string, any>; failures: string[] }> {
        const req = new proto.CheckRequest();
        req.setUrn(urn);
        req.setName(urn.slice(urn.lastIndexOf("::") + 2));
        req.setType(urn.split("::")[2]);
        req.setNews(struct(news));
        req.setOlds(struct(olds));
        const res = await this.call<proto.CheckResponse>(this.client.check, req);
        return { inputs: plain(res.getInputs()), failures: res.getFailuresList().map((f) => f.getReason()) };
    }

    async diff(urn: string, id: string, olds: object, news: object): Promise<{ changes: number; replaces: string[]; detailed: string[] }> {
        const req = new proto.DiffRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setOlds(struct(olds));
        req.setNews(struct(news));
        const res = await this.call<proto.DiffResponse>(this.client.diff, req);
        return { changes: res.getChanges(), replaces: res.getReplacesList(), detailed: [...res.getDetaileddiffMap().keys()] };
    }

    /** Create; with `preview`, as the engine calls it during a preview (the plugin must plan, not create). */
    async create(urn: string, properties: object, preview = false): Promise<{ id: string; outs: Record<string, any> }> {
        const req = new proto.CreateRequest();
        req.setUrn(urn);
        req.setProperties(struct(properties));
        req.setPreview(preview);
        const res = await this.call<proto.CreateResponse>(this.client.create, req);
        return { id: res.getId(), outs: plain(res.getProperties()) };
    }

    async read(
        urn: string,
        id: string,
        properties: object = {},
    ): Promise<{ id: string; outs: Record<string, any>; inputs: Record<string, any> }> {
        const req = new proto.ReadRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setProperties(struct(properties));
        const res = await this.call<proto.ReadResponse>(this.client.read, req);
        return { id: res.getId(), outs: plain(res.getProperties()), inputs: plain(res.getInputs()) };
    }

    /** Update; with `preview`, as the engine calls it during a preview (the plugin must plan, not write). */
    async update(urn: string, id: string, olds: object, news: object, preview = false): Promise<Record<string, any>> {
        const req = new proto.UpdateRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setOlds(struct(olds));
        req.setNews(struct(news));
        req.setPreview(preview);
        return plain((await this.call<proto.UpdateResponse>(this.client.update, req)).getProperties());
    }

    async delete(urn: string, id: string, properties: object): Promise<void> {
        const req = new proto.DeleteRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setProperties(struct(properties));
        await this.call(this.client.delete, req);
    }

    /** The engine's cancel of the run (the first Ctrl-C of `pulumi up`). */
    async cancel(): Promise<void> {
        await this.call<Empty>(this.client.cancel, new Empty());
    }

    /** Invoke; `preview` as the engine sets it during a preview. */
    async invoke(token: string, args: object, preview = false): Promise<{ result: Record<string, any>; failures: string[] }> {
        const req = new proto.InvokeRequest();
        req.setTok(token);
        req.setArgs(struct(args));
        req.setPreview(preview);
        const res = await this.call<proto.InvokeResponse>(this.client.invoke, req);
        return { result: plain(res.getReturn()), failures: res.getFailuresList().map((f) => f.getReason()) };
    }

    close(): void {
        this.client.close();
        this.server.forceShutdown();
        this.provider.engine.close();
    }
}

/** A URN of this plugin's resource type `kind` named `name`. */
export function urnOf(kind: string, name: string): string {
    return `urn:pulumi:test::proj::anypoint:objectstore:${kind}::${name}`;
}
