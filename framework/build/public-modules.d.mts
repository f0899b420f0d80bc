// Types of public-modules.mjs (plain JavaScript: the build script needs it too).
export declare function isPublicModule(rel: string): boolean;
export declare const FRAMEWORK_MODULES: unique symbol;
export declare const IMPORT_MODULE: unique symbol;
export declare const COMMAND_NAME: unique symbol;
