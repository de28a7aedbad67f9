import { expect } from "chai";
import {
    CONTROL_PLANES,
    CONTROL_PLANE_NAMES,
    authBaseUrl,
    objectStoreBaseUrl,
    parseControlPlane,
    regionsOf,
    statsBaseUrl,
} from "../../../provider/client";

describe("regions", () => {
    it("builds the documented data-plane hosts", () => {
        expect(objectStoreBaseUrl("US", "us-east-1")).to.equal("https://object-store-us-east-1.anypoint.mulesoft.com");
        expect(objectStoreBaseUrl("US", "sa-east-1")).to.equal("https://object-store-sa-east-1.anypoint.mulesoft.com");
        expect(objectStoreBaseUrl("US", "eu-west-2")).to.equal("https://object-store-eu-west-2.anypoint.mulesoft.com");
        expect(objectStoreBaseUrl("EU", "eu-central-1")).to.equal("https://object-store-eu-central-1.eu1.anypoint.mulesoft.com");
        expect(objectStoreBaseUrl("EU", "eu-west-1")).to.equal("https://object-store-eu-west-1.eu1.anypoint.mulesoft.com");
        expect(objectStoreBaseUrl("Gov", "us-gov-west-1")).to.equal("https://object-store-us-gov-west-1.gov.anypoint.mulesoft.com");
        expect(objectStoreBaseUrl("Canada", "ca-central-1")).to.equal("https://object-store-ca-central-1.ca1.platform.mulesoft.com");
        expect(objectStoreBaseUrl("Japan", "ap-northeast-1")).to.equal("https://object-store-ap-northeast-1.jp1.platform.mulesoft.com");
    });

    it("lists 12 US regions and one or two elsewhere, as in the docs", () => {
        expect(regionsOf("US")).to.have.length(12);
        expect(regionsOf("EU")).to.deep.equal(["eu-central-1", "eu-west-1"]);
        expect(regionsOf("Gov")).to.deep.equal(["us-gov-west-1"]);
        expect(regionsOf("Canada")).to.deep.equal(["ca-central-1"]);
        expect(regionsOf("Japan")).to.deep.equal(["ap-northeast-1"]);
        for (const cp of CONTROL_PLANE_NAMES) {
            for (const r of regionsOf(cp))
                expect(objectStoreBaseUrl(cp, r)).to.match(/^https:\/\/object-store-[a-z0-9-]+\.[a-z0-9.]+\.com$/);
        }
    });

    it("throws for an unknown combination, listing the valid regions and where the region exists", () => {
        expect(() => objectStoreBaseUrl("EU", "us-east-1")).to.throw(
            /no region "us-east-1" on the EU control plane\. Valid regions there: eu-central-1, eu-west-1\. "us-east-1" exists on the US control plane/,
        );
        expect(() => objectStoreBaseUrl("US", "mars-1")).to.throw(/Valid regions there: us-east-1, us-east-2/);
        expect(() => objectStoreBaseUrl("Nowhere" as never, "us-east-1")).to.throw(/Unknown Anypoint control plane "Nowhere"/);
        expect(() => objectStoreBaseUrl("US", "toString")).to.throw(/no region "toString"/);
    });

    it("knows the auth and stats hosts per control plane", () => {
        expect(authBaseUrl("US")).to.equal("https://anypoint.mulesoft.com");
        expect(authBaseUrl("EU")).to.equal("https://eu1.anypoint.mulesoft.com");
        expect(authBaseUrl("Gov")).to.equal("https://gov.anypoint.mulesoft.com");
        expect(authBaseUrl("Canada")).to.equal("https://ca1.platform.mulesoft.com");
        expect(authBaseUrl("Japan")).to.equal("https://jp1.platform.mulesoft.com");
        expect(statsBaseUrl("US")).to.equal("https://object-store-stats.anypoint.mulesoft.com");
        expect(CONTROL_PLANES.EU.statsBaseUrlIsGuess).to.equal(true);
        expect(statsBaseUrl("Canada")).to.equal(undefined);
        expect(statsBaseUrl("Japan")).to.equal(undefined);
    });

    it("parses control plane names and aliases case-insensitively", () => {
        expect(parseControlPlane("us")).to.equal("US");
        expect(parseControlPlane(" EU1 ")).to.equal("EU");
        expect(parseControlPlane("gov")).to.equal("Gov");
        expect(parseControlPlane("CA1")).to.equal("Canada");
        expect(parseControlPlane("japan")).to.equal("Japan");
        expect(parseControlPlane("mars")).to.equal(undefined);
    });
});
