/**
 * The Registry pages (docs/_index.md, docs/installation-configuration.md) are what
 * scripts/registry-docs.ts writes from the schema, the settings and the examples, so they cannot
 * drift: a changed setting, description, variable or example fails here until `npm run docs:registry`.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { SETTINGS } from "../../provider/config/keys";
import { packageSchema } from "../../provider/plugin/schema";
import { packageVersion } from "../../provider/plugin/version";
import { EXAMPLES, indexPage, installationPage } from "../../scripts/registry-docs";
import { REPO_ROOT } from "../support/repo";

const read = (name: string) => fs.readFileSync(path.join(REPO_ROOT, "docs", name), "utf8");
const schema = packageSchema(packageVersion()) as {
    config: { variables: Record<string, { description: string; secret?: boolean }> };
    resources: Record<string, { inputProperties: Record<string, unknown> }>;
};

describe("Registry pages (docs/)", () => {
    it("are what `npm run docs:registry` writes", () => {
        expect(read("_index.md"), "docs/_index.md: run `npm run docs:registry` and commit").to.equal(indexPage());
        expect(read("installation-configuration.md"), "docs/installation-configuration.md: run `npm run docs:registry`").to.equal(
            installationPage(),
        );
    });

    it("name every configuration key of the schema with its environment variables and secrecy", () => {
        const page = read("installation-configuration.md");
        expect(Object.keys(schema.config.variables).sort()).to.deep.equal(Object.keys(SETTINGS).sort());
        for (const [key, setting] of Object.entries(SETTINGS)) {
            const row = page.split("\n").find((l) => l.startsWith(`| \`${key}\` |`));
            expect(row, key).to.be.a("string");
            for (const env of setting.env) expect(row, `${key}: ${env}`).to.include(`\`${env}\``);
            expect(row, `${key}: secret`).to.include(setting.secret ? "| yes |" : "| no |");
            expect(Boolean(schema.config.variables[key].secret), `${key}: secret in the schema`).to.equal(setting.secret);
            expect(schema.config.variables[key].description, `${key}: the schema names its variable`).to.include(setting.env[0]);
        }
        expect(page).to.match(/^layout: installation$/m);
        expect(page).to.include("pulumi config set --secret anypoint:clientSecret");
        expect(page).to.include("export ANYPOINT_CLIENT_SECRET=");
    });

    it("show one example per language, from examples/ (the YAML one's types and properties are the schema's)", () => {
        const page = read("_index.md");
        expect(page).to.match(/^layout: package$/m);
        expect(EXAMPLES.map((e) => e.language)).to.deep.equal(["typescript", "python", "go", "yaml"]);
        for (const e of EXAMPLES) {
            const code = fs.readFileSync(path.join(REPO_ROOT, "examples", e.file), "utf8").trimEnd();
            expect(page, e.file).to.include(`{{% choosable language ${e.language} %}}\n\n\`\`\`${e.fence}\n${code}\n\`\`\``);
        }
        const yaml = fs.readFileSync(path.join(REPO_ROOT, "examples", "yaml-stores", "Pulumi.yaml"), "utf8");
        const declared = [...yaml.matchAll(/^ {4}type: (anypoint:\S+)\n {4}properties:\n((?: {6}\S.*\n)+)/gm)];
        expect(declared.length).to.equal(3);
        for (const [, type, props] of declared) {
            const resource = schema.resources[type];
            expect(resource, type).to.not.equal(undefined);
            for (const [, prop] of props.matchAll(/^ {6}(\w+):/gm))
                expect(resource.inputProperties, `${type}.${prop}`).to.have.property(prop);
        }
    });
});
