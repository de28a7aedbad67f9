/**
 * Messages for the user through the Pulumi engine's Log service (the `pulumirpc.Engine` gRPC service
 * whose address the engine gives the plugin: on its command line and in Handshake), attached to a
 * resource by URN so the CLI shows them on that resource's line and under Diagnostics.
 */
import * as grpc from "@grpc/grpc-js";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";

/** Severity of a message. */
export type Severity = "debug" | "info" | "warning" | "error";

const SEVERITY: Record<Severity, LogSeverity> = {
    debug: LogSeverity.DEBUG,
    info: LogSeverity.INFO,
    warning: LogSeverity.WARNING,
    error: LogSeverity.ERROR,
};

/** Sends messages to the engine; a no-op until the engine's address is known. Never throws. */
export class EngineLog {
    private client?: EngineClient;

    /** Connects to the engine at `address` (host:port); later calls replace the connection. */
    connect(address: string | undefined): void {
        if (!address) return;
        this.client?.close();
        this.client = new EngineClient(address, grpc.credentials.createInsecure());
    }

    /** Logs `message` for the resource `urn` ("" for none); `ephemeral` messages show only while running. */
    log(severity: Severity, message: string, urn = "", ephemeral = false): Promise<void> {
        const client = this.client;
        if (!client) return Promise.resolve();
        const req = new LogRequest();
        req.setSeverity(SEVERITY[severity]);
        req.setMessage(message);
        req.setUrn(urn);
        req.setEphemeral(ephemeral);
        return new Promise((resolve) => client.log(req, () => resolve()));
    }

    /** Closes the connection. */
    close(): void {
        this.client?.close();
        this.client = undefined;
    }
}
