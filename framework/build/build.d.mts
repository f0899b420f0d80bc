// Types of build.mjs (plain JavaScript: it runs before anything can load TypeScript).
export declare const REPO_ROOT: string;
export declare function sourceFiles(root?: string): string[];
export declare function fingerprint(root?: string): string;
export declare function ensureBuild(root?: string): Promise<string>;
export declare function build(root: string, target: string): Promise<void>;
