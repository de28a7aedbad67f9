/**
 * The doctor's pure parts: what a check says about credentials (keys and sources, never values),
 * settings problems as failed checks, a 403 naming the permission first, the environments listing,
 * and the printed lines.
 */
import { expect } from "chai";
import { ObjectStoreApiError, ObjectStoreConfigError } from "../../../provider/client/errors";
import { resolveConnectionSettings } from "../../../provider/config";
import { anypointConfigOf, foundSettings } from "../../../provider/config/command-settings";
import {
    credentialsCheck,
    doctorPassed,
    failureCheck,
    findEnvironment,
    renderChecks,
    settingsProblemChecks,
    type Check,
} from "../../../provider/doctor/checks";

const CONFIG = {
    "anypoint:clientId": "app-id",
    "anypoint:clientSecret": "app-secret-value-123",
    "anypoint:organizationId": "org-1",
};
const ENV = { ANYPOINT_ENVIRONMENT_ID: "env-1", ANYPOINT_ACCESS_TOKEN: "leftover-token-value" };

describe("doctor checks (pure)", () => {
    it("credentials: the kind in use and where each key came from, the ignored ones named, no value", () => {
        const found = foundSettings(CONFIG, ENV);
        const settings = resolveConnectionSettings(CONFIG, ENV);
        const check = credentialsCheck(found, settings);
        expect(check).to.deep.equal({
            id: "credentials",
            status: "pass",
            title: "credentials",
            detail:
                "a connected app: clientId from anypoint:clientId (stack config), clientSecret from anypoint:clientSecret (stack config); " +
                "ignored (stack config wins): ANYPOINT_ACCESS_TOKEN (environment)",
        });
        expect(JSON.stringify(check)).to.not.match(/app-secret-value-123|leftover-token-value|app-id"/);
    });

    it("no credentials at all: a failed check with the keys to set", () => {
        const check = credentialsCheck([], undefined);
        expect(check.status).to.equal("fail");
        expect(check.fix).to.contain("anypoint:clientId and anypoint:clientSecret (ANYPOINT_CLIENT_ID / ANYPOINT_CLIENT_SECRET)");
    });

    it("settings problems: one failed check per problem, the message (with its fix) kept", () => {
        let error: ObjectStoreConfigError | undefined;
        try {
            resolveConnectionSettings({ "anypoint:clientId": "a" }, {});
        } catch (e) {
            error = e as ObjectStoreConfigError;
        }
        const checks = settingsProblemChecks(error!);
        expect(checks.map((c) => c.title)).to.deep.equal([
            "settings (clientSecret)",
            "settings (organizationId)",
            "settings (environmentId)",
        ]);
        expect(checks[1]!.detail).to.equal(
            "anypoint:organizationId is not set: `pulumi config set anypoint:organizationId <organization-id>` or ANYPOINT_ORGANIZATION_ID / ANYPOINT_ORG_ID.",
        );
        expect(checks.every((c) => c.status === "fail")).to.equal(true);
    });

    it("a 403 naming a permission: the failed check starts with it, and the client's advice is the fix", () => {
        const err = new ObjectStoreApiError({
            operation: "ListStores",
            method: "GET",
            path: "/api/v1/organizations/o/environments/e/stores",
            statusCode: 403,
            serverMessage: 'Missing permission: View stores (read:store) for environment e. Connected app "x" holds nothing there.',
            hint: "grant it",
        });
        expect(failureCheck("stores", "stores", err, "fallback")).to.deep.equal({
            id: "stores",
            status: "fail",
            title: "stores",
            detail: 'lacks View stores (read:store): GET /api/v1/organizations/o/environments/e/stores answered 403: Missing permission: View stores (read:store) for environment e. Connected app "x" holds nothing there.',
            fix: "grant it",
        });
        const network = new ObjectStoreApiError({
            operation: "GetToken",
            method: "POST",
            path: "/t",
            code: "ECONNREFUSED",
            host: "http://h",
        });
        expect(failureCheck("token", "token", network, "check it").detail).to.equal("no answer from http://h (ECONNREFUSED)");
    });

    it("findEnvironment reads both listing shapes and names the other environments", () => {
        const body = {
            data: [
                { id: "e1", name: "Sandbox", type: "sandbox", isProduction: false },
                { id: "e2", name: "Production", type: "production", isProduction: true },
            ],
            environments: [{ id: "e1", name: "Sandbox" }],
        };
        expect(findEnvironment(body, "e2")).to.deep.equal({
            found: { name: "Production", isProduction: true, type: "production" },
            others: ["Sandbox (e1)"],
        });
        expect(findEnvironment({ environments: [{ id: "e1", name: "Sandbox" }] }, "e9")).to.deep.equal({ others: ["Sandbox (e1)"] });
    });

    it("renders one line per check with ✓ ✗ – •, the fix under a failure, and a summary; passes only without a failure", () => {
        const checks: Check[] = [
            { id: "a", status: "info", title: "settings", detail: "read from somewhere" },
            { id: "b", status: "pass", title: "token", detail: "obtained" },
            { id: "c", status: "fail", title: "stores", detail: "403", fix: "grant View stores" },
            { id: "d", status: "skip", title: "Stats API", detail: "not offered" },
        ];
        expect(renderChecks(checks)).to.equal(
            "• settings: read from somewhere\n✓ token: obtained\n✗ stores: 403\n    fix: grant View stores\n– Stats API: not offered\n1 check failed.\n",
        );
        expect(doctorPassed(checks)).to.equal(false);
        expect(doctorPassed(checks.filter((c) => c.status !== "fail"))).to.equal(true);
    });

    it("anypointConfigOf keeps the anypoint:* values of `pulumi config --json`, secrets included", () => {
        const json = JSON.stringify({
            "anypoint:clientId": { value: "app-id", secret: false },
            "anypoint:clientSecret": { value: "s3cret", secret: true },
            "anypoint:requestsPerSecond": { value: 5, secret: false, objectValue: 5 },
            "other:thing": { value: "x", secret: false },
            "anypoint:unknownKey": { value: "y", secret: false },
        });
        expect(anypointConfigOf(json)).to.deep.equal({
            "anypoint:clientId": "app-id",
            "anypoint:clientSecret": "s3cret",
            "anypoint:requestsPerSecond": "5",
        });
    });
});
