/**
 * `pulumi-anypoint-objectstore doctor` against the emulator, run as a user runs it (the package's
 * CLI in a child process): it passes with the demo app and sends only reads; a wrong secret, the
 * limited app in the Sandbox environment (no scope there) and in Production (no Store Metrics Viewer)
 * fail with ✗ lines naming the permission; a settings problem fails before any request; the current
 * stack's anypoint:* config is read through the real pulumi CLI, and no value is printed.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { DEMO_CREDENTIALS, type RunningEmulator } from "../../emulator";
import { withoutAnypointEnv } from "../../provider/conformance/lifecycle";
import type { Check } from "../../provider/doctor/checks";
import { REPO_ROOT, anypointEnv, cliEnv, getPulumiCommand, startTestEmulator } from "./harness";

const CLI = path.join(REPO_ROOT, "dist", "provider", "cli.js");

function doctor(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, "doctor", ...args], {
            env: { ...withoutAnypointEnv(process.env), ...env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

/** The printed line of a check, by its title. */
function line(stdout: string, title: string): string {
    return stdout.split("\n").find((l) => l.slice(2).startsWith(`${title}:`)) ?? `(no line '${title}' in)\n${stdout}`;
}

describe("e2e: doctor against the emulator", function () {
    this.timeout(120_000);
    let emulator: RunningEmulator;
    let tmp: string;
    const limited = (environmentId: string) => ({
        ...anypointEnv(emulator),
        ANYPOINT_CLIENT_ID: DEMO_CREDENTIALS.limitedClientId,
        ANYPOINT_CLIENT_SECRET: DEMO_CREDENTIALS.limitedClientSecret,
        ANYPOINT_ENVIRONMENT_ID: environmentId,
    });

    before(async () => {
        emulator = await startTestEmulator();
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-doctor-e2e-"));
    });
    after(async () => {
        await emulator?.close();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("passes with the demo connected app, one ✓ line per check, and sends only reads", async () => {
        const since = emulator.lastRequestSeq();
        const run = await doctor(["--cwd", tmp], anypointEnv(emulator));
        expect(run.code, run.stdout + run.stderr).to.equal(0);
        for (const title of ["credentials", "token", "organization", "environment", "Object Store host", "stores", "keys", "Stats API"]) {
            expect(line(run.stdout, title)).to.match(/^✓ /);
        }
        expect(line(run.stdout, "credentials")).to.equal(
            "✓ credentials: a connected app: clientId from ANYPOINT_CLIENT_ID (environment), clientSecret from ANYPOINT_CLIENT_SECRET (environment)",
        );
        expect(line(run.stdout, "token")).to.match(
            /^✓ token: obtained from http:\/\/127\.0\.0\.1:\d+ \(anypoint:baseUrl\) for the connected app; expires in 3600 s \(20/,
        );
        expect(line(run.stdout, "organization")).to.equal(`✓ organization: ${DEMO_CREDENTIALS.organizationId} "OSv2 Emulator Demo Org"`);
        expect(line(run.stdout, "environment")).to.equal(`✓ environment: ${DEMO_CREDENTIALS.environmentId} "Sandbox" (sandbox)`);
        expect(run.stdout).to.contain("All checks passed.");
        expect(run.stdout).to.not.contain(DEMO_CREDENTIALS.clientSecret);
        const sent = emulator.requests(since).map((r) => `${r.method} ${r.url.split("?")[0]}`);
        expect(sent.filter((r) => !r.startsWith("GET ") && !r.startsWith("HEAD "))).to.deep.equal(["POST /accounts/api/v2/oauth2/token"]);
    });

    it("--json: the same checks as JSON, ok true", async () => {
        const run = await doctor(["--json", "--cwd", tmp], anypointEnv(emulator));
        const parsed = JSON.parse(run.stdout) as { ok: boolean; checks: Check[] };
        expect(run.code).to.equal(0);
        expect(parsed.ok).to.equal(true);
        expect(parsed.checks.map((c) => c.id)).to.include.members([
            "credentials",
            "token",
            "organization",
            "environment",
            "osv2-host",
            "stores",
            "keys",
            "stats",
        ]);
    });

    it("a wrong secret: ✗ token with the 401 and the settings to check; the rest not checked; exit 1", async () => {
        const run = await doctor(["--cwd", tmp], { ...anypointEnv(emulator), ANYPOINT_CLIENT_SECRET: "wrong-secret-value" });
        expect(run.code).to.equal(1);
        expect(line(run.stdout, "token")).to.equal(
            "✗ token: POST /accounts/api/v2/oauth2/token answered 401: invalid client_id or client_secret for a connected app",
        );
        expect(run.stdout).to.contain(
            `    fix: The Anypoint Platform rejected the connected app "${DEMO_CREDENTIALS.clientId}": check anypoint:clientId and anypoint:clientSecret (ANYPOINT_CLIENT_ID / ANYPOINT_CLIENT_SECRET)`,
        );
        expect(line(run.stdout, "stores")).to.equal("– stores: not checked: no token");
        expect(run.stdout).to.contain("1 check failed.");
        expect(run.stdout).to.not.contain("wrong-secret-value");
    });

    it("the limited app in the Sandbox environment (no scope there): ✗ stores, keys and Stats API, each naming the permission", async () => {
        const run = await doctor(["--cwd", tmp], limited(DEMO_CREDENTIALS.environmentId));
        expect(run.code).to.equal(1);
        expect(line(run.stdout, "token")).to.match(/^✓ /);
        expect(line(run.stdout, "stores")).to.match(
            /^✗ stores: lacks one of View stores \(read:store\), Manage stores \(manage:store\), Manage stores data \(manage:store_data\): GET .*\/stores answered 403/,
        );
        expect(line(run.stdout, "keys")).to.match(/^✗ keys: lacks Manage stores data \(manage:store_data\): GET /);
        expect(line(run.stdout, "Stats API")).to.match(/^✗ Stats API: lacks Store Metrics Viewer \(read:store_metrics\): GET /);
        expect(run.stdout).to.contain(
            "the connected app (anypoint:clientId) lacks Manage stores data (manage:store_data) there. To fix it, grant it to the connected app in Access Management",
        );
        expect(run.stdout).to.contain("3 checks failed.");
    });

    it("the limited app in Production (it lacks Store Metrics Viewer): only ✗ Stats API", async () => {
        const run = await doctor(["--cwd", tmp], limited(DEMO_CREDENTIALS.otherEnvironmentId));
        expect(run.code).to.equal(1);
        expect(line(run.stdout, "stores")).to.match(/^✓ stores: can be listed \(View stores\)/);
        expect(line(run.stdout, "keys")).to.match(/^✓ keys: partition and key calls are allowed \(Manage stores data\)/);
        expect(line(run.stdout, "environment")).to.equal(`✓ environment: ${DEMO_CREDENTIALS.otherEnvironmentId} "Production" (production)`);
        expect(line(run.stdout, "Stats API")).to.match(/^✗ Stats API: lacks Store Metrics Viewer \(read:store_metrics\)/);
        expect(run.stdout).to.contain("1 check failed.");
    });

    it("a settings problem (no organization): ✗ with the command that sets it, and no request is sent", async () => {
        const env = anypointEnv(emulator);
        delete (env as Record<string, string | undefined>).ANYPOINT_ORGANIZATION_ID;
        const since = emulator.lastRequestSeq();
        const run = await doctor(["--cwd", tmp], env);
        expect(run.code).to.equal(1);
        expect(line(run.stdout, "settings (organizationId)")).to.equal(
            "✗ settings (organizationId): anypoint:organizationId is not set: `pulumi config set anypoint:organizationId <organization-id>` or ANYPOINT_ORGANIZATION_ID / ANYPOINT_ORG_ID.",
        );
        expect(line(run.stdout, "token")).to.equal("– token: not checked: the settings have problems (above)");
        expect(emulator.requests(since)).to.deep.equal([]);
    });

    it("reads the current stack's anypoint:* config through the pulumi CLI (secrets included), names where each key came from, prints no value", async () => {
        await getPulumiCommand();
        const project = path.join(tmp, "project");
        fs.mkdirSync(project, { recursive: true });
        fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: doctor-e2e\nruntime: nodejs\n");
        const env = cliEnv(path.join(tmp, "pulumi"));
        const pulumi = (...args: string[]) =>
            execFileSync("pulumi", [...args, "--non-interactive"], {
                cwd: project,
                env: { ...withoutAnypointEnv(process.env), ...env },
                stdio: "pipe",
            });
        pulumi("stack", "init", "dev");
        pulumi("config", "set", "anypoint:baseUrl", emulator.url);
        pulumi("config", "set", "anypoint:organizationId", DEMO_CREDENTIALS.organizationId);
        pulumi("config", "set", "anypoint:clientId", DEMO_CREDENTIALS.clientId);
        pulumi("config", "set", "--secret", "anypoint:clientSecret", DEMO_CREDENTIALS.clientSecret);
        expect(fs.readFileSync(path.join(project, "Pulumi.dev.yaml"), "utf8")).to.not.contain(DEMO_CREDENTIALS.clientSecret);
        // The environment from ANYPOINT_ENVIRONMENT_ID: stack config first, then the variables.
        const run = await doctor(["--cwd", project], { ...env, ANYPOINT_ENVIRONMENT_ID: DEMO_CREDENTIALS.otherEnvironmentId });
        expect(run.code, run.stdout + run.stderr).to.equal(0);
        expect(line(run.stdout, "settings")).to.equal(
            `• settings: read from stack 'dev' of ${path.join(project, "Pulumi.yaml")}, then ANYPOINT_* variables`,
        );
        expect(line(run.stdout, "credentials")).to.equal(
            "✓ credentials: a connected app: clientId from anypoint:clientId (stack config), clientSecret from anypoint:clientSecret (stack config)",
        );
        expect(line(run.stdout, "target")).to.contain(
            `environment ${DEMO_CREDENTIALS.otherEnvironmentId} (ANYPOINT_ENVIRONMENT_ID (environment))`,
        );
        expect(run.stdout).to.not.contain(DEMO_CREDENTIALS.clientSecret);

        // --env-only ignores the stack: no credentials then.
        const envOnly = await doctor(["--cwd", project, "--env-only"], env);
        expect(envOnly.code).to.equal(1);
        expect(line(envOnly.stdout, "credentials")).to.equal("✗ credentials: none found");
    });
});
