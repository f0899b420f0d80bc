// Types of node-flags.mjs (plain JavaScript: package.json's scripts and the bin's shebang repeat it).
export declare const KEEL_NODE_FLAGS: readonly string[];
