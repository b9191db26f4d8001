import packageJson from "../package.json";

export const SWITCHYARD_VERSION: string = packageJson.version;
