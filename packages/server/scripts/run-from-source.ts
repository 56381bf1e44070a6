/**
 * ballast-server from its TypeScript sources, for development (`npm run dev -w @ballast/server --
 * --port 7000`): the same main function the compiled binary runs, without the build step.
 */
import { main } from '../src/main.js';

process.exit(await main(process.argv.slice(2)));
