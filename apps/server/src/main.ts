import { ConfigError } from './config.ts';
import { startDemo } from './demo-mode.ts';
import { type Role, type RunningAgora, startAgora } from './server.ts';

function roleFromArgs(argv: string[]): Role {
  const arg = argv.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? 'all';
  if (arg !== 'all' && arg !== 'web' && arg !== 'worker') {
    console.error(`--role must be all, web or worker (got "${arg}")`);
    process.exit(1);
  }
  return arg;
}

async function main() {
  const role = roleFromArgs(process.argv.slice(2));
  let agora: RunningAgora;
  try {
    agora = await startAgora(process.env, role);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    console.error(`Agora could not start: ${(error as Error).message}`);
    process.exit(1);
  }
  const stopDemo = agora.config.demoMode && role !== 'worker' ? await startDemo(agora) : null;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    agora.deps.logger.info({ signal }, 'stopping');
    stopDemo?.();
    await agora.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // A bug in one request or worker must not take the whole inbox down: log it and go on.
  process.on('unhandledRejection', (reason) => agora.deps.logger.error({ err: reason }, 'unhandled rejection'));
}

await main();
