#!/usr/bin/env node
/** The `trailhound` command: see src/cli/commands.ts for the subcommands. */
import { runCli } from '../cli/commands.js';

process.exitCode = await runCli(process.argv.slice(2));
