/** `npm run anchors -w packages/model`: (re)writes public/personal/anchor-digits.bin from MNIST. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeAnchorDigits } from '@cifra/inference';
import { anchorSet } from './anchor-set.ts';
import { loadMnist } from './mnist.ts';
import { anchorDigitsFile } from './paths.ts';

const bytes = writeAnchorDigits(anchorSet(loadMnist('train')));
mkdirSync(dirname(anchorDigitsFile()), { recursive: true });
writeFileSync(anchorDigitsFile(), bytes);
console.log(`wrote ${anchorDigitsFile()} (${bytes.length} bytes)`);
