// The loopback ports of the end-to-end tests' servers (see playwright.config.mjs): dist/ at
// the root, dist/ under /bucketrust/ only, and the embed tests' host pages (another origin).
export const PORT = 4173;
export const SUB_PATH_PORT = 4174;
export const HOST_PORT = 4175;
export const SUB_PATH = `http://127.0.0.1:${SUB_PATH_PORT}/bucketrust/`;
export const HOST = `http://127.0.0.1:${HOST_PORT}`;
