/** What the Express server passes to every loader and action. */
export type AppContext = {
  cspNonce: string;
  requestId: string;
  clientIp: string;
};

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends AppContext {}
}
