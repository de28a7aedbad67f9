import { expect } from "chai";
import { adviceFor, missingPermissionOf, type HintContext } from "../../../provider/client/hints";
import { STACK_CONFIG, providerArguments } from "../../../provider/config/keys";

const ctx = (credentialKind: HintContext["credentialKind"]): HintContext => ({
    operation: "PutStore",
    stats: false,
    base: "https://object-store-us-east-1.anypoint.mulesoft.com",
    organizationId: "org-1",
    environmentId: "env-prod",
    credentialKind,
});
const NAMED =
    'Missing permission: Manage stores (manage:store) for environment env-prod. Connected app "app" holds no Object Store scope there.';

describe("client hints: 403 advice", () => {
    it("reads the permission a 403 message names, and nothing from other messages", () => {
        expect(missingPermissionOf(NAMED)).to.equal("Manage stores (manage:store)");
        expect(
            missingPermissionOf("Missing permission: one of View stores (read:store), Manage stores (manage:store) for environment e"),
        ).to.equal("one of View stores (read:store), Manage stores (manage:store)");
        expect(missingPermissionOf("Forbidden")).to.equal(undefined);
        expect(missingPermissionOf(undefined)).to.equal(undefined);
    });

    it("names the missing permission and who must be granted it, per credential kind", () => {
        expect(adviceFor(ctx("connectedApp"), 403, NAMED)).to.equal(
            "The credentials may not do PutStore in organization org-1, environment env-prod: the connected app (anypoint:clientId) lacks Manage stores (manage:store) there. " +
                "To fix it, grant it to the connected app in Access Management (Connected Apps > the app > Scopes, for this business group and environment), " +
                "or use a provider whose credentials hold it (other anypoint:clientId / anypoint:clientSecret, or an explicit provider with its own).",
        );
        expect(adviceFor(ctx("userLogin"), 403, NAMED)).to.include("the user (anypoint:username) lacks Manage stores (manage:store) there");
        expect(adviceFor(ctx("accessToken"), 403, NAMED)).to.include(
            "the holder of anypoint:accessToken lacks Manage stores (manage:store)",
        );
    });

    it("without a named permission, lists the Object Store scopes and the settings to check", () => {
        const advice = adviceFor(ctx("connectedApp"), 403, "Forbidden");
        expect(advice).to.include("The credentials may not do PutStore in organization org-1, environment env-prod");
        expect(advice).to.include("Manage stores, Manage stores data, View stores; Store Metrics Viewer for stats");
        expect(advice).to.include("or use a provider with other credentials");
        expect(advice).to.include("anypoint:organizationId / anypoint:environmentId");
    });
});

describe("client hints: the settings named for the provider in use", () => {
    const prod = { ...ctx("connectedApp"), names: providerArguments("prod") };

    it("an explicit provider's advice names its arguments on every status, never stack config", () => {
        const all = [403, 401, 404, 429].map((s) => adviceFor(prod, s, s === 403 ? NAMED : undefined)).join("\n");
        expect(adviceFor(prod, 403, NAMED)).to.include(
            "the connected app (clientId of provider 'prod') lacks Manage stores (manage:store) there. To fix it, grant it to the connected app " +
                "in Access Management (Connected Apps > the app > Scopes, for this business group and environment), or use a provider whose " +
                "credentials hold it (other clientId / clientSecret of provider 'prod', or an explicit provider with its own).",
        );
        expect(adviceFor(prod, 403, "Forbidden")).to.include("check organizationId / environmentId of provider 'prod'");
        expect(adviceFor(prod, undefined)).to.include("check baseUrl / region of provider 'prod' and the network");
        expect(adviceFor(prod, 429)).to.include("lower requestsPerSecond of provider 'prod'");
        expect(all + adviceFor(prod, undefined)).to.not.include("anypoint:");
    });

    it("the default provider and the TypeScript door name the stack's anypoint:* config", () => {
        expect(adviceFor({ ...ctx("connectedApp"), names: STACK_CONFIG }, undefined)).to.include(
            "check anypoint:baseUrl / anypoint:region",
        );
        expect(adviceFor(ctx("accessToken"), 401)).to.include("set a fresh anypoint:accessToken (ANYPOINT_ACCESS_TOKEN)");
    });
});
