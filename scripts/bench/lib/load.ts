// One load phase with autocannon: `connections` keep-alive connections on loopback, each sending
// its next request as soon as the previous answer is in, every request to a random URL of the pool.
// Latency percentiles are computed from every response's own time (autocannon's summary has no p95),
// plus, for the requests still waiting when the time is up, the time they had waited (a lower bound
// of their latency): leaving them out would hide exactly the slowest requests.
import autocannon from "autocannon";

/** What a phone browser sends: compressed answers, Vietnamese first. */
export const BROWSER_HEADERS: Record<string, string> = {
  "user-agent":
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "accept-language": "vi-VN,vi;q=0.9,en;q=0.8",
  "accept-encoding": "gzip, deflate, br",
};

export interface LoadOptions {
  origin: string;
  paths: readonly string[];
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  /** Seconds before autocannon gives up on a request and reconnects (default 10). */
  timeoutSeconds?: number;
  /** Called with a random number generator's output; defaults to Math.random. */
  random?: () => number;
  /** Requests per second over all connections (autocannon's overallRate); unset: as fast as answered. */
  overallRate?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** The slowest answered request. */
  maxAnswered: number;
  non2xx: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  sent: number;
  /** Requests still unanswered when the time was up (one per connection is normal), and the oldest's wait. */
  waiting: number;
  oldestWaitingMs: number;
  /** Mean bytes on the wire per response (headers included, compressed when the server did). */
  bytesPerResponse: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const random = options.random ?? Math.random;
  const { paths } = options;
  const times: number[] = [];
  const statusCounts: Record<string, number> = {};
  let bytes = 0;
  let sent = 0;
  const waitingSince = new Map<autocannon.Client, number>();
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.origin,
        connections: options.connections,
        duration: options.durationSeconds,
        pipelining: 1,
        timeout: options.timeoutSeconds ?? 10,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
        headers: { ...BROWSER_HEADERS, ...options.headers },
        setupClient: (client) => {
          // The client emits "request" as it writes each one (not in @types/autocannon).
          (client as NodeJS.EventEmitter).on("request", () => waitingSince.set(client, performance.now()));
        },
        requests: [
          {
            method: "GET",
            setupRequest: (request) => {
              sent++;
              return { ...request, path: paths[Math.floor(random() * paths.length)]! };
            },
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (client, statusCode, resBytes, responseTime) => {
      waitingSince.delete(client);
      times.push(responseTime);
      // No status: the connection closed before a complete answer.
      const status = statusCode ? String(statusCode) : "no status";
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
      bytes += resBytes;
    });
  });
  const ended = performance.now();
  const seconds = (ended - started) / 1000;
  const waiting = [...waitingSince.values()].map((since) => ended - since);
  const sorted = Float64Array.from([...times, ...waiting]).sort();
  const non2xx = Object.entries(statusCounts)
    .filter(([status]) => !status.startsWith("2"))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    requests: times.length,
    seconds,
    requestsPerSecond: times.length / Math.min(seconds, result.duration || seconds),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    maxAnswered: times.reduce((max, t) => (t > max ? t : max), 0),
    non2xx,
    statusCounts,
    errors: result.errors,
    timeouts: result.timeouts,
    waiting: waiting.length,
    oldestWaitingMs: waiting.length ? Math.max(...waiting) : 0,
    sent,
    bytesPerResponse: times.length ? bytes / times.length : 0,
  };
}
