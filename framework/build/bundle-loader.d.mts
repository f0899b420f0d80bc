// Types of bundle-loader.mjs (plain JavaScript: the launcher runs before anything can load TypeScript).
export declare function runBundle(file: string, opts?: { argv?: readonly string[]; codeCache?: boolean; sourceMaps?: boolean }): void;
