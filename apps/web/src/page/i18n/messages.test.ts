import { errorCodes } from '@cifra/contracts';
import { describe, expect, it } from 'vitest';
import { workerErrorCodes } from '../../shared/inference-protocol.ts';
import { errorMessages } from './error-messages.ts';
import { accountMessages } from '../AccountSettings/account-messages.ts';
import { numberMessages } from '../NumberView/number-messages.ts';
import { settingsMessages } from '../SettingsView/settings-messages.ts';
import { signOutMessages } from '../SignOutDialog/sign-out-messages.ts';
import { teachMessages } from '../TeachView/teach-messages.ts';
import { messages } from './messages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe.each([
  ['messages', messages as Record<string, Record<string, string>>],
  ['errorMessages', errorMessages as Record<string, Record<string, string>>],
  ['settingsMessages', settingsMessages as Record<string, Record<string, string>>],
  ['numberMessages', numberMessages as Record<string, Record<string, string>>],
  ['accountMessages', accountMessages as Record<string, Record<string, string>>],
  ['teachMessages', teachMessages as Record<string, Record<string, string>>],
  ['signOutMessages', signOutMessages as Record<string, Record<string, string>>],
])('%s', (_, table) => {
  const languages = Object.keys(table);

  it('has English and Spanish', () => {
    expect(languages.sort()).toEqual(['en', 'es']);
  });

  it('every language has the same keys, none empty, with the same {placeholders}', () => {
    const english = table.en!;
    for (const language of languages) {
      const translated = table[language]!;
      expect(Object.keys(translated).sort(), language).toEqual(Object.keys(english).sort());
      for (const [key, text] of Object.entries(translated)) {
        expect(text.trim(), `${language}.${key}`).not.toBe('');
        expect(placeholders(text), `${language}.${key}`).toEqual(placeholders(english[key] ?? ''));
      }
    }
  });
});

describe('error messages', () => {
  it('every code of the edge and of the inference worker, and network, has words in every language', () => {
    const codes = [...errorCodes, ...workerErrorCodes, 'network'];
    for (const language of Object.keys(errorMessages) as (keyof typeof errorMessages)[]) {
      const table: Record<string, string> = errorMessages[language];
      for (const code of codes)
        expect(table[code]?.trim() || undefined, `${language}: ${code}`).toBeDefined();
    }
  });
});
