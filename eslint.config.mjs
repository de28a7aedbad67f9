// ESLint flat config: typescript-eslint's recommended rules, plus the type-aware rules that catch
// floating promises and `any` leaking through (they need the TypeScript program: projectService).
// Formatting is Prettier's job (.prettierrc.json); eslint-config-prettier turns off the rules that
// would fight it. `npm run lint` runs ESLint, then `prettier --check`.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
    // examples/nodejs-stores is outside tsconfig.json (it imports the generated SDK; test/e2e/sdk.test.ts compiles it).
    {
        ignores: [
            "dist/**",
            "node_modules/**",
            "examples/**/node_modules/**",
            "examples/nodejs-stores/**",
            "sdk/**",
            "**/*.js",
            "**/*.mjs",
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        rules: {
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-misused-promises": "error",
            "@typescript-eslint/no-unsafe-argument": "error",
            "@typescript-eslint/no-unsafe-assignment": "error",
            "@typescript-eslint/no-unsafe-call": "error",
            "@typescript-eslint/no-unsafe-member-access": "error",
            "@typescript-eslint/no-unsafe-return": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
        },
    },
    {
        // Tests: chai assertions are expressions (`expect(x).to.be.true`); tests read untyped JSON
        // bodies from the emulator and pass deliberately wrong types (`as any`) to check bad input,
        // so the no-unsafe-* rules apply to production code only. Floating promises stay errors.
        files: ["test/**/*.ts"],
        rules: {
            "@typescript-eslint/no-unused-expressions": "off",
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-call": "off",
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-return": "off",
        },
    },
    prettier,
);
