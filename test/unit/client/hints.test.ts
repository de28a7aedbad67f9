import { expect } from "chai";
import { adviceFor, missingPermissionOf, type HintContext } from "../../../provider/client/hints";

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
