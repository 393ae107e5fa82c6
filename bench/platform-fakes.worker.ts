/**
 * The Meta and X stand-ins of the ingest benchmark, in their own process: in production the
 * platforms answer profile lookups and replies on their own machines, so their HTTP handling
 * must not be counted on the server under test. Reads the same demo secrets as the server (same
 * DATA_DIR), reports its base URL to the parent over IPC and runs until the parent ends it.
 *
 *   (spawned by ingest.bench.ts with the bench's environment)
 */
import { loadConfig } from '../apps/server/src/config.ts';
import { metaAndXFakeOptions, startFakePlatforms } from '../apps/server/src/connectors/fake-platforms.server.ts';

export interface FakesReady {
  type: 'ready';
  url: string;
}

const config = loadConfig(process.env);
const fakes = await startFakePlatforms({ port: 0, ...metaAndXFakeOptions(config) });
process.send?.({ type: 'ready', url: fakes.url } satisfies FakesReady);
// The parent's end (or its IPC channel closing) ends this process.
process.on('disconnect', () => {
  void fakes.close().finally(() => process.exit(0));
});
