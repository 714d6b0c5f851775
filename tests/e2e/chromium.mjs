// The one browser every Playwright run here uses, shared by the e2e and the bench configs:
// Debian's Chromium (nothing is downloaded), headless, with the background services that
// would reach the network turned off, and every host but 127.0.0.1 unresolvable.
export const CHROMIUM_PROJECT = {
  name: 'chromium',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/lib/chromium/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    },
  },
};
