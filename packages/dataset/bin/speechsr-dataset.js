#!/usr/bin/env node
// Runs the built CLI (dist/cli.js); build first with `npm run build`.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
