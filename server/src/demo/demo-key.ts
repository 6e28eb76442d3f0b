import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateToken } from '../modules/access/tokens.js';

/**
 * The integration key of a demo without AMAGE_INTEGRATION_KEY: made once per data directory and kept
 * there (mode 0600), so restarts do not pile up keys that nobody revokes.
 */
export async function demoIntegrationKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'demo-integration-key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = generateToken('integrationKey').token;
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, `${key}\n`, { mode: 0o600 });
    return key;
  }
}
