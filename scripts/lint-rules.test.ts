import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The import map of docs/architecture.md is enforced by eslint.config.js: these snippets are
 * linted as if they sat in the named file, and each broken import must be an error of
 * `@typescript-eslint/no-restricted-imports` (the rule `npm run lint` runs).
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const rule = '@typescript-eslint/no-restricted-imports';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: `${root}eslint.config.js` });
});

/** The import-map errors ESLint reports for `code` placed at `filePath` (relative to the root). */
async function mapErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = [x];\n`, {
    filePath: `${root}${filePath}`,
  });
  if (!result) throw new Error(`nothing linted for ${filePath}`);
  return result.messages.filter((message) => message.ruleId === rule).map((message) => message.message);
}

describe('the import map (eslint.config.js)', () => {
  it('lets the page import only types from the inference worker', async () => {
    expect(
      await mapErrors('apps/web/src/page/x.ts', "import { x } from '../worker/backends.ts';"),
    ).toHaveLength(1);
    expect(
      await mapErrors('apps/web/src/page/App/x.tsx', "import { x } from '../../worker/backends.ts';"),
    ).toHaveLength(1);
    expect(
      await mapErrors('apps/web/src/page/x.ts', "import type { x } from '../worker/backends.ts';"),
    ).toEqual([]);
    // src/shared is the page's to use, values included.
    expect(await mapErrors('apps/web/src/page/x.ts', "import { x } from '../shared/db.ts';")).toEqual([]);
  });

  it('keeps tfjs off the page, but lets it name the .wasm file it preloads', async () => {
    expect(
      await mapErrors('apps/web/src/page/x.ts', "import * as x from '@tensorflow/tfjs-core';"),
    ).toHaveLength(1);
    expect(await mapErrors('apps/web/src/page/x.ts', "import { x } from '@cifra/inference';")).toHaveLength(
      1,
    );
    expect(
      await mapErrors(
        'apps/web/src/page/x.ts',
        "import x from '@tensorflow/tfjs-backend-wasm/dist/a.wasm?url';",
      ),
    ).toEqual([]);
    expect(
      await mapErrors('apps/web/src/worker/x.ts', "import * as x from '@tensorflow/tfjs-core';"),
    ).toEqual([]);
  });

  it('sees through roundabout paths, lazy imports and Node-only packages', async () => {
    for (const path of ['./../worker/backends.ts', '../../src/worker/backends.ts']) {
      expect(await mapErrors('apps/web/src/page/x.ts', `import { x } from '${path}';`), path).toHaveLength(1);
    }
    const [result] = await eslint.lintText("export const x = () => import('@tensorflow/tfjs-core');\n", {
      filePath: `${root}apps/web/src/page/x.ts`,
    });
    expect(result?.messages.filter((message) => message.ruleId === 'no-restricted-syntax')).toHaveLength(1);
    expect(await mapErrors('apps/web/src/worker/x.ts', "import { x } from '@cifra/model';")).toHaveLength(1);
  });

  it('keeps the worker and the service worker away from the page', async () => {
    expect(
      await mapErrors('apps/web/src/worker/x.ts', "import { x } from '../page/i18n/messages.ts';"),
    ).toHaveLength(1);
    expect(
      await mapErrors('apps/web/src/sw/x.ts', "import { x } from '../page/i18n/messages.ts';"),
    ).toHaveLength(1);
    expect(
      await mapErrors('apps/web/src/sw/x.ts', "import { x } from '../worker/backends.ts';"),
    ).toHaveLength(1);
  });

  it('never lets a package import an app or scripts/', async () => {
    expect(await mapErrors('packages/digits/src/x.ts', "import { x } from '@cifra/web';")).toHaveLength(1);
    expect(
      await mapErrors('packages/digits/src/x.ts', "import { x } from '../../../apps/edge/src/app.ts';"),
    ).toHaveLength(1);
    expect(
      await mapErrors('packages/digits/src/x.ts', "import { x } from '../../../scripts/lib/ports.ts';"),
    ).toHaveLength(1);
    // A package imports only the packages below it.
    expect(await mapErrors('packages/digits/src/x.ts', "import { x } from '@cifra/inference';")).toHaveLength(
      1,
    );
    expect(await mapErrors('packages/inference/src/x.ts', "import { x } from '@cifra/digits';")).toEqual([]);
  });

  it('reaches every package through its entry only', async () => {
    expect(
      await mapErrors('apps/edge/src/x.ts', "import { x } from '@cifra/digits/src/model-input.ts';"),
    ).toHaveLength(1);
    expect(
      await mapErrors('scripts/x.ts', "import { x } from '../packages/digits/src/index.ts';"),
    ).toHaveLength(1);
    expect(await mapErrors('apps/edge/src/x.ts', "import { x } from '@cifra/digits';")).toEqual([]);
  });

  it('keeps the edge off the web app, and tfjs in its inference/', async () => {
    expect(
      await mapErrors('apps/edge/src/x.ts', "import { x } from '../../web/src/shared/db.ts';"),
    ).toHaveLength(1);
    expect(
      await mapErrors('apps/edge/src/routes/x.ts', "import * as x from '@tensorflow/tfjs-core';"),
    ).toHaveLength(1);
    expect(
      await mapErrors('apps/edge/src/inference/x.ts', "import * as x from '@tensorflow/tfjs-core';"),
    ).toEqual([]);
  });
});
