/** Markdown helpers for the documentation tests (README links, npm scripts named). */

/** Relative link targets of a Markdown text (`[text](target)`), without anchors; URLs, pure anchors and fenced code left out. */
export function relativeLinks(markdown: string): string[] {
    const withoutCode = markdown.replace(/```[\s\S]*?```/g, "");
    return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1])
        .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith("#"))
        .map((t) => t.split("#")[0]);
}

/** Script names of every `npm run <name>` in a text. */
export function npmRunScripts(text: string): string[] {
    return [...new Set([...text.matchAll(/npm run ([a-z0-9:_-]+)/gi)].map((m) => m[1]))];
}
