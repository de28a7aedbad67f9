/**
 * Secrets with the real `pulumi` CLI: key values given as Pulumi secrets stay secret in outputs and
 * state (also after refresh), and no credential, token or secret value appears in the exported
 * state, the stack's config file, the CLI output of up/refresh/preview/destroy, or error messages.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { DEMO_CREDENTIALS, RunningEmulator } from "../../emulator";
import { Key, Partition, Store } from "../../provider";
import { AuthProxy, startAuthProxy } from "./auth-proxy";
import { E2EStack, EmulatorApi, inlineStack, startTestEmulator } from "./harness";

const SECRET_STRING = "p4ssw0rd-for-the-payment-gateway-7f3a";
const SECRET_BYTES = Buffer.from("-----BEGIN PRIVATE KEY----- not really -----END PRIVATE KEY-----");

describe("e2e: secrets never leak", function () {
    this.timeout(300_000);
    let emulator: RunningEmulator;
    let proxy: AuthProxy;
    let api: EmulatorApi;
    let e2e: E2EStack;
    let failWithConflict = false;

    /** Everything that must never be found in plain text. */
    const forbidden = () => [DEMO_CREDENTIALS.clientSecret, SECRET_STRING, SECRET_BYTES.toString("base64"), ...proxy.issuedTokens];

    /**
     * The stack's state file as the file backend wrote it (the Automation API's exportStack passes
     * --show-secrets, so it is not what is stored).
     */
    function stateFileText(): string {
        const stacksDir = path.join(e2e.tmp, "state", ".pulumi", "stacks");
        const files = fs.readdirSync(stacksDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(`${e2e.stack.name}.json`));
        expect(files, "state file").to.have.length(1);
        return fs.readFileSync(path.join(stacksDir, files[0]), "utf8");
    }

    function expectClean(where: string, text: string): void {
        for (const value of forbidden()) {
            expect(text.includes(value), `${where} contains a secret value (${value.slice(0, 6)}…)`).to.equal(false);
        }
    }

    before(async () => {
        emulator = await startTestEmulator();
        proxy = await startAuthProxy(emulator.url);
        api = new EmulatorApi(emulator);
        e2e = await inlineStack(
            emulator,
            async () => {
                const store = new Store("store", { storeId: "vault", defaultTtlSeconds: 3_600 });
                const p = new Partition("p", { storeId: store.storeId, partitionId: "credentials" });
                const password = new Key("password", {
                    storeId: store.storeId,
                    partitionId: p.partitionId,
                    keyId: "gateway-password",
                    stringValue: pulumi.secret(SECRET_STRING),
                });
                const cert = new Key("cert", {
                    storeId: store.storeId,
                    partitionId: p.partitionId,
                    keyId: "gateway-cert",
                    binaryValue: pulumi.secret(SECRET_BYTES.toString("base64")),
                });
                if (failWithConflict) {
                    new Key("clash", { storeId: store.storeId, partitionId: p.partitionId, keyId: "app-owned", stringValue: "x" });
                }
                return { password: password.stringValue, cert: cert.binaryValue, valueType: password.valueType };
            },
            {
                ANYPOINT_CLIENT_ID: "",
                ANYPOINT_CLIENT_SECRET: "",
                ANYPOINT_AUTH_BASE_URL: proxy.url,
            },
        );
        await e2e.stack.setAllConfig({
            "anypoint:clientId": { value: DEMO_CREDENTIALS.clientId },
            "anypoint:clientSecret": { value: DEMO_CREDENTIALS.clientSecret, secret: true },
        });
    });

    after(async () => {
        if (e2e) await e2e.stack.destroy({ onOutput: e2e.onOutput }).catch(() => undefined);
        await e2e?.dispose();
        await proxy?.close();
        await emulator?.close();
    });

    it("secret key values are written to OSv2 and stay secret in the stack outputs", async () => {
        const up = await e2e.stack.up({ onOutput: e2e.onOutput });
        expect(up.outputs.password).to.deep.equal({ value: SECRET_STRING, secret: true });
        expect(up.outputs.cert.secret).to.equal(true);
        expect(up.outputs.valueType).to.deep.equal({ value: "STRING", secret: false });
        expect((await api.getKey("vault", "credentials", "gateway-password")).body.stringValue).to.equal(SECRET_STRING);
        expect(proxy.issuedTokens.length).to.be.greaterThan(0);
    });

    it("the state file and the stack config file hold no credential, token or secret value, also after refresh", async () => {
        expectClean("state file after up", stateFileText());
        await e2e.stack.refresh({ onOutput: e2e.onOutput });
        const state = stateFileText();
        expectClean("state file after refresh", state);
        expect(state).to.include("__provider");
        expect(state).to.include("ciphertext"); // the values are there, encrypted
        const outputs = await e2e.stack.outputs();
        expect(outputs.password.secret).to.equal(true);

        const configFile = fs.readdirSync(e2e.stack.workspace.workDir).find((f) => /^Pulumi\..+\.yaml$/.test(f) && f !== "Pulumi.yaml");
        expect(configFile, "stack config file").to.be.a("string");
        const configText = fs.readFileSync(path.join(e2e.stack.workspace.workDir, configFile!), "utf8");
        expect(configText).to.include("anypoint:clientSecret");
        expectClean("stack config file", configText);
    });

    it("a failing operation's error message holds no secret", async () => {
        await api.request("PUT", api.keyPath("vault", "credentials", "app-owned"), { valueType: "STRING", stringValue: "app" });
        failWithConflict = true;
        let message = "";
        await e2e.stack.up({ onOutput: e2e.onOutput }).catch((e: Error) => (message = e.message));
        failWithConflict = false;
        expect(message).to.match(/Key 'app-owned' in partition 'credentials' of store 'vault' already exists/);
        expectClean("error message", message);
    });

    it("nothing the CLI printed during up, refresh, preview and destroy holds a secret", async () => {
        await e2e.stack.preview({ diff: true, onOutput: e2e.onOutput });
        await e2e.stack.destroy({ onOutput: e2e.onOutput });
        expectClean("CLI output", e2e.output.join(""));
        expect(e2e.output.join("")).to.match(/\[secret\]/);
    });
});
